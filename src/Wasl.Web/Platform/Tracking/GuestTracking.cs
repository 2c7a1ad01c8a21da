using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Tracking;

/// <summary>What a guest's number and secret came to.</summary>
internal abstract record GuestCheck
{
    private GuestCheck()
    {
    }

    /// <summary>Number and secret match: the subject's id.</summary>
    public sealed record Found(long Id) : GuestCheck;

    /// <summary>Wrong number, wrong secret or unknown subject: one answer for all.</summary>
    public sealed record NotFound : GuestCheck;

    /// <summary>Too many wrong secrets on this number: try again in <see cref="Minutes"/> minutes.</summary>
    public sealed record Locked(int Minutes) : GuestCheck;
}

/// <summary>
/// Number + secret for guests, for any subject: the secret is compared in constant time against the subject's stored
/// keyed hash (a dummy hash when the number matches nothing, so both failures take the same time), and wrong secrets are
/// counted per subject and number in TrackingLocks until the number locks. The module parses its own numbers and finds
/// its own rows; this decides.
/// </summary>
internal sealed class GuestTracking(WaslDbContext db, TimeProvider clock, ILogger<GuestTracking> logger)
{
    /// <param name="subject">Whose numbers ("Request").</param>
    /// <param name="number">The number in its canonical form, or null when what was typed is not a number at all.</param>
    /// <param name="secret">What the guest typed.</param>
    /// <param name="find">The subject's id and stored secret hash for the number (null when none, or no guest secret).</param>
    /// <param name="pepper">The server's key of the secret hashes.</param>
    public async Task<GuestCheck> CheckAsync(string subject, string? number, string? secret, Func<string, CancellationToken, Task<(long Id, byte[]? SecretHash)?>> find, byte[] pepper, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(find);
        var now = clock.GetUtcNow();
        TrackingLock? attempts = null;
        (long Id, byte[]? SecretHash)? found = null;
        if (number is not null)
        {
            attempts = await db.Set<TrackingLock>().SingleOrDefaultAsync(l => l.Subject == subject && l.Number == number, ct);
            // Locked for every number alike, existing or not: the answer reveals nothing about the subject.
            if (attempts?.IsLocked(now) == true) return new GuestCheck.Locked((int)Math.Ceiling((attempts.LockedUntil!.Value - now).TotalMinutes));
            found = await find(number, ct);
            attempts ??= db.Add(new TrackingLock { Subject = subject, Number = number }).Entity;
        }
        var ok = GuestSecret.Verify(secret, found?.SecretHash ?? new byte[32], pepper) && found?.SecretHash is not null;
        if (!ok)
        {
            if (attempts is not null && attempts.Fail(now))
                logger.LogWarning("Tracking locked for a {Subject} number after {Failures} wrong secrets", subject, TrackingLock.MaxFailures);
            if (attempts is not null)
            {
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Two wrong guesses on a fresh number at the same instant: the other one's row counts this too.
                }
            }
            return new GuestCheck.NotFound();
        }
        if (db.Entry(attempts!).State != EntityState.Added) db.Remove(attempts!);
        else db.Entry(attempts!).State = EntityState.Detached;
        await db.SaveChangesAsync(ct);
        return new GuestCheck.Found(found!.Value.Id);
    }
}

internal sealed class TrackingLockConfiguration : IEntityTypeConfiguration<TrackingLock>
{
    public void Configure(EntityTypeBuilder<TrackingLock> b)
    {
        b.ToTable("TrackingLocks");
        b.HasKey(l => new { l.Subject, l.Number });
        b.Property(l => l.Subject).HasMaxLength(TrackingLock.SubjectMax);
        b.Property(l => l.Number).HasMaxLength(TrackingLock.NumberMax);
    }
}
