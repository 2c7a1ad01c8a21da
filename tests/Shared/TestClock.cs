namespace Wasl.Tests;

/// <summary>
/// The application's clock in tests: the system clock by default, moved by an offset or frozen at an instant the test
/// chooses (deadlines are then exact to the tick). Timers still run on real time.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _gate = new();
    private TimeSpan _offset;
    private DateTimeOffset? _frozen;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _frozen ?? System.GetUtcNow() + _offset;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            if (_frozen is { } f) _frozen = f + by;
            else _offset += by;
        }
    }

    /// <summary>Stops the clock at <paramref name="instant"/> (UTC).</summary>
    public void Freeze(DateTimeOffset instant)
    {
        lock (_gate) _frozen = instant.ToUniversalTime();
    }

    /// <summary>Back to the system clock.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _frozen = null;
            _offset = TimeSpan.Zero;
        }
    }
}
