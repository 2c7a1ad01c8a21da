using System.Security.Cryptography;
using System.Text;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.References;

namespace Wasl.Web.Platform.Tracking;

/// <summary>
/// The verification code a guest uses with a subject's number (a request's, later a letter's): 8 Crockford base-32
/// characters (40 bits) from a CSPRNG, shown once. Only a keyed hash (HMAC-SHA-256 with a server pepper) is stored, and it is compared in
/// constant time (research/anchors-ux-security.md §4.3).
/// </summary>
internal static class GuestSecret
{
    public const int Length = 8;

    /// <summary>Crockford's base 32: digits and letters without I, L, O and U, so nothing reads as something else.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }

    /// <summary>Upper case, ASCII digits, no spaces or dashes, I/L read as 1 and O as 0.</summary>
    public static string Normalize(string? typed)
    {
        var sb = new StringBuilder(Length);
        foreach (var ch in Digits.ToAscii(typed ?? "").ToUpperInvariant())
        {
            if (!char.IsAsciiLetterOrDigit(ch)) continue;
            sb.Append(ch switch { 'I' or 'L' => '1', 'O' => '0', _ => ch });
        }
        return sb.ToString();
    }

    public static byte[] Hash(string secret, ReadOnlySpan<byte> pepper) =>
        HMACSHA256.HashData(pepper, Encoding.ASCII.GetBytes(Normalize(secret)));

    public static bool Verify(string? typed, byte[] storedHash, ReadOnlySpan<byte> pepper)
    {
        var normalized = Normalize(typed);
        var candidate = HMACSHA256.HashData(pepper, Encoding.ASCII.GetBytes(normalized));
        // Always compare, whatever the length typed, so a wrong guess takes the same time as a right one.
        return CryptographicOperations.FixedTimeEquals(candidate, storedHash) && normalized.Length == Length;
    }
}
