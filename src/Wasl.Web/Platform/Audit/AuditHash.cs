using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Wasl.Web.Platform.Audit;

/// <summary>
/// The chain's arithmetic: Hash = SHA-256(previous hash || canonical bytes of the entry). The canonical form is every
/// field of the entry in a fixed order, each as a 4-byte length and its UTF-8 bytes (-1 for null), so no two entries
/// share a form; the time is UTC ticks, the id and unit invariant digits.
/// </summary>
internal static class AuditHash
{
    public static readonly string Genesis = new('0', 64);

    public static string Link(string previousHash, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(entry);
        using var buffer = new MemoryStream(512);
        buffer.Write(Convert.FromHexString(previousHash));
        Write(buffer, "wasl-audit-1");
        Write(buffer, entry.Id.ToString(CultureInfo.InvariantCulture));
        Write(buffer, entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Write(buffer, entry.Action);
        Write(buffer, entry.ActorId?.ToString("D"));
        Write(buffer, entry.ActorName);
        Write(buffer, entry.ActorPosition);
        Write(buffer, entry.OnBehalfOf);
        Write(buffer, entry.Subject);
        Write(buffer, entry.SubjectId);
        Write(buffer, entry.UnitId?.ToString(CultureInfo.InvariantCulture));
        Write(buffer, entry.RemoteAddress);
        Write(buffer, entry.Details);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void Write(MemoryStream buffer, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            buffer.Write(length);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
