using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Notifications;

namespace Wasl.Web.Platform.Identity;

internal enum CodePurpose
{
    ConfirmMobile,
    ResetPassword,
    ConfirmEmail,
}

/// <summary>
/// A one-time code as stored: only its hash. It belongs to one account, one purpose and one destination (the mobile
/// or e-mail address it was sent to), is accepted once, and dies after too many wrong tries or when it expires.
/// The rows are also the send budget: codes issued in the last window and day are counted from them.
/// </summary>
internal sealed class OneTimeCode
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public CodePurpose Purpose { get; set; }
    public string Destination { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int FailedTries { get; set; }

    /// <summary>Set when the code was accepted, or when a newer code for the same purpose replaced it.</summary>
    public DateTimeOffset? ConsumedAt { get; set; }
}

/// <summary>Settings "Identity:Codes": code length, life, tries and the send budget per account and per destination.</summary>
internal sealed class OneTimeCodeOptions
{
    public const string Section = "Identity:Codes";

    public int Length { get; set; } = 6;
    public int LifetimeMinutes { get; set; } = 10;

    /// <summary>Wrong tries after which the code is dead (each wrong try also counts toward the account's lockout).</summary>
    public int MaxTries { get; set; } = 5;

    /// <summary>At most <see cref="PerWindow"/> codes per <see cref="WindowMinutes"/> and <see cref="PerDay"/> a day, per account and per destination.</summary>
    public int PerWindow { get; set; } = 3;
    public int WindowMinutes { get; set; } = 15;
    public int PerDay { get; set; } = 10;

    /// <summary>
    /// Registration and "forgot password" do more work for an account that exists (a password hash, a code, a notice)
    /// or less (nothing to send): they answer no sooner than this many milliseconds after the request began, so the
    /// time taken does not tell what the answer hides (issue 11). Above the slowest path on a healthy node.
    /// </summary>
    public int AnswerFloorMilliseconds { get; set; } = 600;

    /// <summary>Waits until <see cref="AnswerFloorMilliseconds"/> have passed since <paramref name="startedAt"/> (a <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public Task AnswerFloorAsync(TimeProvider clock, long startedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var left = TimeSpan.FromMilliseconds(AnswerFloorMilliseconds) - clock.GetElapsedTime(startedAt);
        return left > TimeSpan.Zero ? Task.Delay(left, ct) : Task.CompletedTask;
    }
}

/// <summary>What issuing a code did: sent, or refused by the budget until <see cref="RetryAfter"/> has passed.</summary>
internal readonly record struct CodeIssue(bool Sent, TimeSpan RetryAfter)
{
    /// <summary>Whole minutes to tell a person ("you can ask for a new code in N minutes"), at least 1.</summary>
    public int RetryMinutes => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalMinutes));
}

/// <summary>
/// Issues and checks one-time codes for mobile and e-mail confirmation and password reset. A code leaves through the
/// notifications outbox as a critical notice (SMS to a mobile, e-mail to an address), in the same transaction as its
/// row; it is never written to the log outside Development.
/// </summary>
internal sealed class OneTimeCodes(
    WaslDbContext db,
    UserManager<WaslUser> users,
    Notifier notifier,
    IOneTimeCodeSender tap,
    IOptions<OneTimeCodeOptions> options,
    TimeProvider clock)
{
    private OneTimeCodeOptions O => options.Value;

    /// <summary>When the account or the destination may next receive a code (zero: now).</summary>
    public async Task<TimeSpan> RetryAfterAsync(WaslUser user, string destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = clock.GetUtcNow();
        var since = now.AddDays(-1);
        var recent = await db.Set<OneTimeCode>().AsNoTracking()
            .Where(c => c.CreatedAt > since && (c.UserId == user.Id || c.Destination == destination))
            .Select(c => new { c.UserId, c.Destination, c.CreatedAt })
            .ToListAsync(ct);
        var wait = TimeSpan.Zero;
        foreach (var times in new[] { recent.Where(c => c.UserId == user.Id), recent.Where(c => c.Destination == destination) })
        {
            var newestFirst = times.Select(c => c.CreatedAt).OrderDescending().ToList();
            var window = TimeSpan.FromMinutes(O.WindowMinutes);
            var inWindow = newestFirst.Where(t => t > now - window).ToList();
            if (inWindow.Count >= O.PerWindow) wait = Max(wait, inWindow[O.PerWindow - 1] + window - now);
            if (newestFirst.Count >= O.PerDay) wait = Max(wait, newestFirst[O.PerDay - 1] + TimeSpan.FromDays(1) - now);
        }
        return wait;
    }

    /// <summary>
    /// Sends a new code to <paramref name="destination"/> (a mobile number in E.164 form, or an e-mail address) unless
    /// the budget is spent. A new code replaces the account's earlier live code for the same purpose. A reset code
    /// also goes to the account's confirmed e-mail address; a confirmation code only to what it confirms.
    /// </summary>
    public async Task<CodeIssue> IssueAsync(WaslUser user, CodePurpose purpose, string destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var wait = await RetryAfterAsync(user, destination, ct);
        if (wait > TimeSpan.Zero) return new CodeIssue(false, wait);

        var now = clock.GetUtcNow();
        await db.Set<OneTimeCode>()
            .Where(c => c.UserId == user.Id && c.Purpose == purpose && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), ct);
        var code = RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, O.Length)).ToString(CultureInfo.InvariantCulture).PadLeft(O.Length, '0');
        var row = new OneTimeCode
        {
            UserId = user.Id,
            Purpose = purpose,
            Destination = destination,
            CodeHash = Hash(user.Id, purpose, destination, code),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(O.LifetimeMinutes),
        };
        db.Add(row);

        var email = purpose == CodePurpose.ConfirmEmail ? destination
            : purpose == CodePurpose.ResetPassword && user.EmailConfirmed ? user.Email
            : null;
        var mobile = purpose == CodePurpose.ConfirmEmail ? null : destination;
        // No account id on the recipient: a code belongs in an SMS or a mailbox, not in the notification centre.
        // The row and its message commit together; the key is random because the row has no id before the save.
        var notice = new Notice(Notice.SecretPrefix + "code:" + RandomNumberGenerator.GetHexString(32, lowercase: true), "Code" + purpose, Critical: true, Link: null, code, O.LifetimeMinutes.ToString(CultureInfo.InvariantCulture));
        notifier.Add(notice, [new NoticeRecipient(null, email, mobile, user.PreferredLanguage)]);
        await db.SaveChangesAsync(ct);
        await tap.SendAsync(destination, code, purpose, ct);
        return new CodeIssue(true, TimeSpan.Zero);
    }

    /// <summary>
    /// Accepts the account's live code for this purpose and destination once. A wrong code counts a try on the code
    /// (it dies after <see cref="OneTimeCodeOptions.MaxTries"/>) and a failed access on the account (lockout); a locked
    /// account is refused whatever it types.
    /// </summary>
    public async Task<bool> VerifyAsync(WaslUser user, CodePurpose purpose, string destination, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = clock.GetUtcNow();
        var live = await db.Set<OneTimeCode>().AsNoTracking()
            .Where(c => c.UserId == user.Id && c.Purpose == purpose && c.Destination == destination && c.ConsumedAt == null && c.ExpiresAt > now && c.FailedTries < O.MaxTries)
            .OrderByDescending(c => c.Id)
            .FirstOrDefaultAsync(ct);
        var typed = Hash(user.Id, purpose, destination, (code ?? "").Trim());
        if (await users.IsLockedOutAsync(user)) return false;
        if (live is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(typed), Encoding.ASCII.GetBytes(live.CodeHash)))
        {
            if (live is not null)
                await db.Set<OneTimeCode>().Where(c => c.Id == live.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.FailedTries, c => c.FailedTries + 1), ct);
            await users.AccessFailedAsync(user);
            return false;
        }
        // Single use even under concurrent posts: only one update finds the code still unconsumed.
        var won = await db.Set<OneTimeCode>().Where(c => c.Id == live.Id && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), ct);
        if (won == 1) await users.ResetAccessFailedCountAsync(user);
        return won == 1;
    }

    // The account, purpose and destination are mixed in so a row's hash cannot be replayed for another row; a six-digit
    // code cannot resist a brute force by someone who reads the table, but it is never readable at a glance (backups,
    // support screens) and lives minutes.
    private static string Hash(Guid userId, CodePurpose purpose, string destination, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{userId:N}|{purpose}|{destination}|{code}")));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>
/// A second look at each code as it is issued, besides the outbox: Development writes it to the log so a developer can
/// finish a flow without a gateway; tests capture it. Everywhere else it does nothing.
/// </summary>
internal interface IOneTimeCodeSender
{
    Task SendAsync(string destination, string code, CodePurpose purpose, CancellationToken ct);
}

/// <summary>Development: the code is written to the log, so a developer can complete registration without a gateway.</summary>
internal sealed class LoggingCodeSender(ILogger<LoggingCodeSender> logger) : IOneTimeCodeSender
{
    public Task SendAsync(string destination, string code, CodePurpose purpose, CancellationToken ct)
    {
        logger.LogWarning("One-time code for {Destination} ({Purpose}): {Code}", destination, purpose, code);
        return Task.CompletedTask;
    }
}

/// <summary>Outside Development the outbox is the only way a code leaves; it is never logged.</summary>
internal sealed class NoCodeTap : IOneTimeCodeSender
{
    public Task SendAsync(string destination, string code, CodePurpose purpose, CancellationToken ct) => Task.CompletedTask;
}

internal sealed class OneTimeCodeConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<OneTimeCode>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<OneTimeCode> b)
    {
        b.ToTable("OneTimeCodes");
        b.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Destination).HasMaxLength(256);
        b.Property(c => c.CodeHash).HasMaxLength(64);
        // The live code of an account and the budget per account; the budget per destination.
        b.HasIndex(c => new { c.UserId, c.CreatedAt });
        b.HasIndex(c => new { c.Destination, c.CreatedAt });
        b.HasOne<WaslUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
