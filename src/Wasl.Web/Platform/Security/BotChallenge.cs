using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Security;

internal sealed class BotChallengeOptions
{
    public const string Section = "BotChallenge";

    /// <summary>Upper bound of the secret number; the browser tries half of it on average (50,000 ≈ a fraction of a second).</summary>
    public int MaxNumber { get; set; } = 50_000;
    public int ExpiryMinutes { get; set; } = 10;

    /// <summary>HMAC key shared by every node; when empty, one is generated once and kept in the database.</summary>
    public string? Key { get; set; }
}

/// <summary>A challenge solved once: kept until it expires so that a solution cannot be replayed on any node.</summary>
internal sealed class SpentChallenge
{
    public string Signature { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>A secret the platform generated for itself, shared by every node.</summary>
internal sealed class PlatformSecret
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}

/// <summary>The ALTCHA v1 challenge the widget fetches (see research/anchors-ux-security.md §4.4).</summary>
internal sealed record AltchaChallenge(
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("challenge")] string Challenge,
    [property: JsonPropertyName("maxnumber")] int MaxNumber,
    [property: JsonPropertyName("salt")] string Salt,
    [property: JsonPropertyName("signature")] string Signature);

/// <summary>
/// A proof-of-work bot challenge with no third-party service: ALTCHA v1 checked with HMAC-SHA-256 in constant time,
/// with a replay record in the database. There is no text question for browsers without JavaScript any more: a
/// question a person reads on the page a bot reads too (issue 11); the page says so, and where else to turn.
/// </summary>
internal sealed class BotChallenge(WaslDbContext db, IOptions<BotChallengeOptions> options, TimeProvider clock, PlatformSecrets secrets)
{
    public const string WidgetField = "altcha";

    public async Task<AltchaChallenge> CreateAsync(CancellationToken ct)
    {
        var expires = clock.GetUtcNow().AddMinutes(options.Value.ExpiryMinutes).ToUnixTimeSeconds();
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + "?expires=" + expires.ToString(CultureInfo.InvariantCulture) + "&";
        var number = RandomNumberGenerator.GetInt32(0, options.Value.MaxNumber + 1);
        var challenge = Sha256Hex(salt + number.ToString(CultureInfo.InvariantCulture));
        return new AltchaChallenge("SHA-256", challenge, options.Value.MaxNumber, salt, await SignAsync(challenge, ct));
    }

    /// <summary>Checks the widget payload of a posted form, and spends it.</summary>
    public async Task<bool> VerifyAsync(IFormCollection form, CancellationToken ct)
    {
        var payload = form[WidgetField].ToString();
        return !string.IsNullOrEmpty(payload) && await VerifyWidgetAsync(payload, ct);
    }

    public async Task<bool> VerifyWidgetAsync(string payload, CancellationToken ct)
    {
        AltchaSolution? solution;
        try
        {
            solution = JsonSerializer.Deserialize<AltchaSolution>(Convert.FromBase64String(payload));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
        if (solution is null || solution.Algorithm != "SHA-256" || solution.Salt is null || solution.Challenge is null || solution.Signature is null)
            return false;
        if (!TryReadExpiry(solution.Salt, out var expires) || expires < clock.GetUtcNow()) return false;
        var expected = Sha256Hex(solution.Salt + solution.Number.ToString(CultureInfo.InvariantCulture));
        if (!FixedEquals(expected, solution.Challenge)) return false;
        if (!FixedEquals(await SignAsync(solution.Challenge, ct), solution.Signature)) return false;
        return await SpendAsync(solution.Signature, expires, ct);
    }

    private async Task<bool> SpendAsync(string signature, DateTimeOffset expires, CancellationToken ct)
    {
        object expiresValue = db.Database.IsSqlite() ? expires.UtcTicks : expires;
        // One statement, race-free on every node: a second spend of the same signature inserts nothing.
        var inserted = await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"SpentChallenges\" (\"Signature\", \"ExpiresAt\") VALUES ({0}, {1}) ON CONFLICT DO NOTHING",
            [signature, expiresValue], ct);
        return inserted == 1;
    }

    private static bool TryReadExpiry(string salt, out DateTimeOffset expires)
    {
        expires = default;
        var q = salt.IndexOf('?', StringComparison.Ordinal);
        if (q < 0) return false;
        foreach (var pair in salt[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2 && kv[0] == "expires" && long.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
            {
                expires = DateTimeOffset.FromUnixTimeSeconds(unix);
                return true;
            }
        }
        return false;
    }

    private async Task<string> SignAsync(string value, CancellationToken ct)
    {
        var key = await secrets.GetAsync("bot-challenge-hmac", options.Value.Key, ct);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));
    }

    internal static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private sealed record AltchaSolution(
        [property: JsonPropertyName("algorithm")] string? Algorithm,
        [property: JsonPropertyName("challenge")] string? Challenge,
        [property: JsonPropertyName("number")] long Number,
        [property: JsonPropertyName("salt")] string? Salt,
        [property: JsonPropertyName("signature")] string? Signature);
}

/// <summary>
/// Secrets the platform makes for itself (when configuration gives none): created once, on whichever node is first,
/// and read by all. Held in memory after the first read.
/// </summary>
internal sealed class PlatformSecrets(IServiceScopeFactory scopes)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _cache = new(StringComparer.Ordinal);

    public async Task<byte[]> GetAsync(string name, string? configured, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(configured)) return Encoding.UTF8.GetBytes(configured);
        if (_cache.TryGetValue(name, out var cached)) return cached;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"PlatformSecrets\" (\"Name\", \"Value\") VALUES ({0}, {1}) ON CONFLICT DO NOTHING", [name, fresh], ct);
        var stored = await db.Set<PlatformSecret>().AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).SingleAsync(ct);
        var bytes = Convert.FromBase64String(stored);
        _cache[name] = bytes;
        return bytes;
    }
}
