namespace Wasl.Web.Platform.Deadlines;

/// <summary>A stretch of local dates (both inclusive), such as Ramadan, during which another week replaces the regular one.</summary>
internal sealed record CalendarSeason(DateOnly From, DateOnly To, WeekSchedule Week);

/// <summary>
/// Working-time arithmetic for deadlines such as "first response within 8 working hours". Working time is what an office
/// in <see cref="Zone"/> works: the week's wall-clock spans, replaced by a season's week on its dates, none on holidays.
/// Each span is turned into UTC instants with the zone's rules for that very date, so a clock change is counted as the
/// real time that passed; the arithmetic then happens on UTC instants only, never on local dates, which is how other
/// implementations lose a day around weekends, holidays and midnight.
/// <para>
/// Local times that do not exist (the hour skipped when clocks go forward) become the moment of the change; local times
/// that happen twice (clocks going back) mean their first occurrence. The conversion uses only the zone's UTC-to-local
/// offsets, not <see cref="TimeZoneInfo.IsInvalidTime(DateTime)"/> or <see cref="TimeZoneInfo.IsAmbiguousTime(DateTime)"/>,
/// because .NET reports those wrongly for zones whose summer time is negative, such as Africa/Casablanca in Ramadan.
/// </para>
/// The calendar is immutable and safe to share between threads.
/// </summary>
internal sealed class WorkingCalendar
{
    /// <summary>How far <see cref="AddWorkingTime"/> looks before deciding the calendar has no working time.</summary>
    private static readonly TimeSpan SearchLimit = TimeSpan.FromDays(1100);

    // UTC offsets are between -12:00 and +14:00; 14 hours either side of a local time holds every instant that can show it.
    private static readonly TimeSpan OffsetReach = TimeSpan.FromHours(14);

    // Dates at the very edge of DateTime would overflow once offsets are applied; nothing real lives there.
    private static readonly DateOnly FirstDate = DateOnly.MinValue.AddDays(2);
    private static readonly DateOnly LastDate = DateOnly.MaxValue.AddDays(-2);

    private readonly WeekSchedule _regular;
    private readonly CalendarSeason[] _seasons;
    private readonly HashSet<DateOnly> _holidays;

    public WorkingCalendar(TimeZoneInfo zone, WeekSchedule regular, IEnumerable<CalendarSeason>? seasons = null, IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(regular);
        Zone = zone;
        _regular = regular;
        // Sorted by start (stably, so among equal starts the later-listed wins); lookups walk backwards so the
        // later-starting season covering a date wins.
        _seasons = (seasons ?? []).OrderBy(s => s?.From ?? default).ToArray();
        foreach (var season in _seasons)
        {
            if (season is null) throw new ArgumentException("A season is missing.", nameof(seasons));
            if (season.Week is null) throw new ArgumentException($"The season {season.From:yyyy-MM-dd} has no week.", nameof(seasons));
            if (season.To < season.From) throw new ArgumentException($"The season {season.From:yyyy-MM-dd}..{season.To:yyyy-MM-dd} ends before it starts.", nameof(seasons));
        }
        _holidays = [.. holidays ?? []];
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// The working spans of one local date as UTC instants, in order: none on a holiday, the season's week when a season
    /// covers the date, else the regular week. Spans that vanish in a clock change are left out.
    /// </summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> WorkingIntervals(DateOnly localDate)
    {
        var spans = SpansOn(localDate);
        if (spans.Length == 0) return [];
        var day = new DayConversion(this, localDate);
        var result = new List<(DateTimeOffset, DateTimeOffset)>(spans.Length);
        foreach (var span in spans)
        {
            var start = day.ToUtc(span.Start);
            var end = day.ToUtc(span.End);
            if (end > start) result.Add((Utc(start), Utc(end)));
        }
        return result;
    }

    /// <summary>Working time elapsed between two instants; zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        var fromUtc = from.UtcDateTime;
        var toUtc = to.UtcDateTime;
        // The day after too: when clocks go back across midnight, the first minutes of the next date come before `to`.
        var last = Min(LocalDate(toUtc), LastDate).AddDays(1);
        var total = TimeSpan.Zero;
        for (var date = Max(LocalDate(fromUtc), FirstDate); date <= last; date = date.AddDays(1))
        {
            var spans = SpansOn(date);
            if (spans.Length == 0) continue;
            var day = new DayConversion(this, date);
            foreach (var span in spans)
            {
                var start = Max(day.ToUtc(span.Start), fromUtc);
                var end = Min(day.ToUtc(span.End), toUtc);
                if (end > start) total += end - start;
            }
        }
        return total;
    }

    /// <summary>
    /// The instant (UTC) at which <paramref name="amount"/> of working time has passed since <paramref name="start"/>;
    /// <paramref name="start"/> itself when the amount is not positive. The clock starts at the next working span when
    /// the start is outside working time, and a result is always inside a span or at its end, never the start of the next
    /// one. Null when the amount is not reached within 1,100 days, which only a calendar without working time does.
    /// </summary>
    public DateTimeOffset? AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        var startUtc = start.UtcDateTime;
        if (amount <= TimeSpan.Zero) return Utc(startUtc);
        var limit = DateTime.MaxValue - startUtc < SearchLimit ? DateTime.MaxValue : startUtc + SearchLimit;
        var remaining = amount;
        // Day by day from the local date of the start: no span of an earlier date ends after the start.
        var lastDate = Min(LocalDate(limit), LastDate).AddDays(1);
        for (var date = Max(LocalDate(startUtc), FirstDate); date <= lastDate; date = date.AddDays(1))
        {
            var spans = SpansOn(date);
            if (spans.Length == 0) continue;
            var day = new DayConversion(this, date);
            foreach (var span in spans)
            {
                var end = day.ToUtc(span.End);
                if (end <= startUtc) continue;
                var from = Max(day.ToUtc(span.Start), startUtc);
                if (end <= from) continue;
                var available = end - from;
                if (remaining <= available)
                {
                    var due = from + remaining;
                    return due <= limit ? Utc(due) : null;
                }
                remaining -= available;
            }
        }
        return null;
    }

    /// <summary>True when the instant is inside a working span (a span's start counts, its end does not).</summary>
    public bool IsWorkingAt(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var date = LocalDate(utc);
        // The next date too, for the same reason as in WorkingTimeBetween.
        return IsWorkingOn(date, utc) || (date < LastDate && IsWorkingOn(date.AddDays(1), utc));
    }

    private bool IsWorkingOn(DateOnly date, DateTime utc)
    {
        if (date < FirstDate || date > LastDate) return false;
        var spans = SpansOn(date);
        if (spans.Length == 0) return false;
        var day = new DayConversion(this, date);
        foreach (var span in spans)
        {
            if (day.ToUtc(span.Start) <= utc && utc < day.ToUtc(span.End)) return true;
        }
        return false;
    }

    private WorkingSpan[] SpansOn(DateOnly date)
    {
        if (date < FirstDate || date > LastDate || _holidays.Contains(date)) return [];
        for (var i = _seasons.Length - 1; i >= 0; i--)
        {
            var season = _seasons[i];
            if (season.From <= date && date <= season.To) return season.Week.SpansOf(date.DayOfWeek);
        }
        return _regular.SpansOf(date.DayOfWeek);
    }

    private DateOnly LocalDate(DateTime utc)
    {
        var ticks = Math.Clamp(utc.Ticks + OffsetAt(utc).Ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
        return DateOnly.FromDateTime(new DateTime(ticks));
    }

    /// <summary>The zone's offset at a UTC instant; this direction of conversion is exact for every zone.</summary>
    private TimeSpan OffsetAt(DateTime utc) => Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    private static DateTimeOffset Utc(DateTime utc) => new(utc.Ticks, TimeSpan.Zero);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>
    /// Local times of one date to UTC. On nearly every date the offset is the same from well before the date starts to
    /// well after it ends, checked at three instants, and one subtraction converts every span. Otherwise each time is
    /// resolved against the offsets just before and just after it. Both rely on a zone never changing its offset twice
    /// within 28 hours, which holds for the deployment zones (a unit test checks 1990–2060) and for every zone we know of.
    /// </summary>
    private readonly struct DayConversion
    {
        private readonly WorkingCalendar _calendar;
        private readonly DateOnly _date;
        private readonly TimeSpan _offset;
        private readonly bool _uniform;

        public DayConversion(WorkingCalendar calendar, DateOnly date)
        {
            _calendar = calendar;
            _date = date;
            var midnight = date.ToDateTime(TimeOnly.MinValue);
            _offset = calendar.OffsetAt(midnight - OffsetReach);
            _uniform = _offset == calendar.OffsetAt(midnight.AddHours(12)) && _offset == calendar.OffsetAt(midnight.AddDays(1) + OffsetReach);
        }

        public DateTime ToUtc(TimeOnly time)
        {
            var local = _date.ToDateTime(time);
            return _uniform ? local - _offset : _calendar.ResolveLocal(local);
        }
    }

    /// <summary>
    /// The UTC instant of a local time near a clock change. With the offset before (b) and after (a) the change, the
    /// candidates are local - max(a, b) (earlier) and local - min(a, b); a candidate is real when the zone's offset at it
    /// is the one it was computed with. The earlier real one is the first occurrence; when neither is real the local time
    /// was skipped, and the answer is the change itself, found by bisection between the two candidates.
    /// </summary>
    private DateTime ResolveLocal(DateTime local)
    {
        var before = OffsetAt(local - OffsetReach);
        var after = OffsetAt(local + OffsetReach);
        var high = before > after ? before : after;
        var low = before > after ? after : before;
        var early = local - high;
        if (OffsetAt(early) == high) return early;
        var late = local - low;
        if (OffsetAt(late) == low) return late;
        // Skipped: offsets go from `before` (low) to `after` (high) at an instant in (early, late].
        long lo = early.Ticks, hi = late.Ticks;
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (OffsetAt(new DateTime(mid, DateTimeKind.Utc)) == after) hi = mid;
            else lo = mid;
        }
        return new DateTime(hi, DateTimeKind.Utc);
    }
}
