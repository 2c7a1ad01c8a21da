namespace Wasl.Web.Platform.Tracking;

/// <summary>
/// Failed tracking attempts on one number of one subject (existing or not): after <see cref="MaxFailures"/> wrong
/// secrets the number is locked for a while, whatever address the guesses come from (anchors §4.3).
/// </summary>
internal sealed class TrackingLock
{
    public const int SubjectMax = 32;
    public const int NumberMax = 32;

    /// <summary>Whose number it is ("Request", later "Letter"): the same number in two modules locks separately.</summary>
    public string Subject { get; set; } = "";
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockLength = TimeSpan.FromMinutes(15);

    public string Number { get; set; } = "";
    public int Failures { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a failure; returns true when this one locks the number.</summary>
    public bool Fail(DateTimeOffset now)
    {
        if (LockedUntil is { } until && until <= now) LockedUntil = null;
        Failures++;
        if (Failures < MaxFailures) return false;
        Failures = 0;
        LockedUntil = now + LockLength;
        return true;
    }
}
