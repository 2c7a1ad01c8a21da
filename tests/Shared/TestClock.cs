using System.Globalization;

namespace Wasl.Tests;

/// <summary>
/// The application's clock in tests: the system clock by default, moved by an offset or frozen at an instant the test
/// chooses (deadlines are then exact to the tick). Timers still run on real time.
/// <para>
/// WASL_TEST_NOW starts every clock of the test run at another instant, running on from there in real time, so that
/// a suite can be proven at the hours where days split (CI runs the time-sensitive tests at 23:30 and 00:30 in several
/// zones). Either an instant ("2026-12-07T23:30:00+03:00") or a wall-clock time ("23:30"): the next such time in the
/// deployment zone (<see cref="ZoneId"/>), at most a day ahead, so the clock never runs behind the system's (cookies,
/// authenticator codes and keys made on real time stay valid).
/// </para>
/// </summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>The deployment zone of this test run: WASL_TEST_ZONE, else the application's default.</summary>
    public static string ZoneId { get; } = Environment.GetEnvironmentVariable("WASL_TEST_ZONE") is { Length: > 0 } zone ? zone : "Asia/Riyadh";

    /// <summary>How far WASL_TEST_NOW moves every clock of this run, measured once so all applications share one time.</summary>
    public static TimeSpan StartOffset { get; } = ReadStartOffset(Environment.GetEnvironmentVariable("WASL_TEST_NOW"), System.GetUtcNow());

    private readonly Lock _gate = new();
    private TimeSpan _offset = StartOffset;
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

    /// <summary>Back to the run's time: the system clock, moved by WASL_TEST_NOW if it is set.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _frozen = null;
            _offset = StartOffset;
        }
    }

    public static TimeSpan ReadStartOffset(string? setting, DateTimeOffset systemNow)
    {
        if (string.IsNullOrWhiteSpace(setting)) return TimeSpan.Zero;
        if (TimeOnly.TryParseExact(setting, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
            var local = TimeZoneInfo.ConvertTime(systemNow, zone).DateTime;
            var target = local.Date + time.ToTimeSpan();
            if (target < local) target = target.AddDays(1);
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(target, DateTimeKind.Unspecified), zone), TimeSpan.Zero) - systemNow;
        }
        if (DateTimeOffset.TryParse(setting, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) && setting.Contains('T', StringComparison.Ordinal))
            return instant - systemNow;
        throw new InvalidOperationException($"WASL_TEST_NOW '{setting}' is neither a time of day (23:30) nor an instant with its offset (2026-12-07T23:30:00+03:00).");
    }
}
