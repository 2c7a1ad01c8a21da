using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Security;

internal sealed class SubmissionBudgetOptions
{
    public const string Section = "SubmissionBudget";

    /// <summary>Anonymous submissions a day from one address (a school or an office may share one, so not too few).</summary>
    public int PerAddressPerDay { get; set; } = 30;

    /// <summary>Anonymous submissions a day that give one mobile number.</summary>
    public int PerMobilePerDay { get; set; } = 5;
}

/// <summary>How many anonymous submissions one key (a keyed hash of an address or a mobile) made on one UTC day.</summary>
internal sealed class SubmissionCount
{
    public string Key { get; set; } = "";
    public int Day { get; set; }
    public int Count { get; set; }
}

/// <summary>
/// A daily budget of anonymous submissions per address and per mobile, on top of the bot challenge: solving the
/// challenge costs a bot little, so it still cannot flood the queues. Counted in the database (every node shares it)
/// with one upsert per key; the keys are keyed hashes, so the table holds no address or number.
/// </summary>
internal sealed class SubmissionBudget(WaslDbContext db, IOptions<SubmissionBudgetOptions> options, TimeProvider clock, PlatformSecrets secrets)
{
    /// <summary>Counts this submission against the address and the mobile; false when either is over its day's budget.</summary>
    public async Task<bool> TrySpendAsync(IPAddress? address, string? mobile, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).DayNumber;
        var ok = true;
        if (address is not null)
            ok &= await SpendAsync("addr:" + address, day, ct) <= options.Value.PerAddressPerDay;
        if (!string.IsNullOrWhiteSpace(mobile))
            ok &= await SpendAsync("mobile:" + mobile.Trim(), day, ct) <= options.Value.PerMobilePerDay;
        return ok;
    }

    /// <summary>Days before yesterday are of no use any more.</summary>
    public static Task<int> SweepAsync(WaslDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).DayNumber - 1;
        return db.Set<SubmissionCount>().Where(c => c.Day < yesterday).ExecuteDeleteAsync(ct);
    }

    private async Task<int> SpendAsync(string what, int day, CancellationToken ct)
    {
        var secret = await secrets.GetAsync("submission-budget-hmac", null, ct);
        var key = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(what)));
        // One statement, race-free on every node (SQLite 3.35+ and PostgreSQL both know ON CONFLICT … RETURNING).
        var counts = await db.Database.SqlQueryRaw<int>(
            "INSERT INTO \"SubmissionCounts\" (\"Key\", \"Day\", \"Count\") VALUES ({0}, {1}, 1) "
            + "ON CONFLICT (\"Key\", \"Day\") DO UPDATE SET \"Count\" = \"SubmissionCounts\".\"Count\" + 1 RETURNING \"Count\" AS \"Value\"",
            key, day).ToListAsync(ct);
        return counts.Single();
    }
}
