namespace Wasl.Tests;

/// <summary>
/// The system clock moved by an offset the test controls: time still flows (timers, lockouts and challenges behave
/// as in production), and a test can jump days ahead to reach a deadline.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <summary>Moves the clock so that now is <paramref name="instant"/> (forward or back).</summary>
    public void SetNow(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - System.GetUtcNow()).Ticks);
}
