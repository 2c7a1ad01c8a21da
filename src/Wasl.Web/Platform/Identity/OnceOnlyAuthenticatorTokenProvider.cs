using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Identity;

/// <summary>
/// Authenticator codes (TOTP, RFC 6238) accepted once (ASVS 2.8.4): the account remembers the last time step it
/// accepted and refuses that step and every earlier one, so a code seen over a shoulder or in a proxy log cannot be
/// replayed, even on another node. The claim of the step is one conditional UPDATE, so two nodes racing with the same
/// code cannot both win. Used by the sign-in step and by the setup page (it replaces Identity's authenticator provider).
/// </summary>
internal sealed class OnceOnlyAuthenticatorTokenProvider(WaslDbContext db) : AuthenticatorTokenProvider<WaslUser>
{
    private const int StepSeconds = 30;

    // Identity's provider accepts two steps either side for clock drift between the phone and the server; so do we.
    private const int Drift = 2;

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<WaslUser> manager, WaslUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token is not { Length: 6 } || !int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
            return false;
        var secret = FromBase32(key);
        // Real time, as on the phone: the application's TimeProvider may be moved by tests of deadlines.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / StepSeconds;
        long? matched = null;
        for (var step = now - Drift; step <= now + Drift && matched is null; step++)
            if (Code(secret, step) == code) matched = step;
        if (matched is not { } accepted) return false;
        var claimed = await db.Users.Where(u => u.Id == user.Id && (u.LastTotpTimeStep == null || u.LastTotpTimeStep < accepted))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpTimeStep, accepted));
        if (claimed == 0) return false;
        // The tracked account is saved again later in the sign-in (failed-count reset): keep it in step with the row.
        user.LastTotpTimeStep = accepted;
        return true;
    }

    internal static int Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1; the code must match theirs.
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return binary % 1_000_000;
    }

    private static byte[] FromBase32(string key)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>(key.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in key.ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0) continue; // spaces and padding
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. output];
    }
}
