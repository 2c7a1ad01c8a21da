using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Deadlines;

/// <summary>
/// One stretch of working time on a local wall clock, inside a single day (Start &lt; End). Midnight cannot be an end
/// because <see cref="TimeOnly"/> has no 24:00, so the latest end is 23:59; no government office works through the night.
/// </summary>
internal readonly record struct WorkingSpan(TimeOnly Start, TimeOnly End);

/// <summary>
/// The working hours of an ordinary week, as wall-clock spans per day. It knows nothing of dates or time zones: that is
/// <see cref="WorkingCalendar"/>'s job. Spans are whole minutes because the stored text form (<see cref="ToString"/>) has
/// no seconds, so every schedule can be written down and read back unchanged.
/// </summary>
internal sealed class WeekSchedule
{
    public const string InvalidKey = "Calendar.Week.Invalid";
    public const string OverlapKey = "Calendar.Week.Overlap";
    public const string EmptyKey = "Calendar.Week.Empty";

    // Indexed by DayOfWeek, which starts at Sunday like the text form.
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly WorkingSpan[][] _spans = new WorkingSpan[7][];
    private readonly ReadOnlyCollection<WorkingSpan>[] _readOnly = new ReadOnlyCollection<WorkingSpan>[7];
    private readonly string _text;

    public WeekSchedule(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingSpan>> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        for (var d = 0; d < 7; d++) _spans[d] = [];
        foreach (var (day, spans) in days)
        {
            if (day is < DayOfWeek.Sunday or > DayOfWeek.Saturday) throw new ArgumentException($"{day} is not a day of the week.", nameof(days));
            if (spans is null) throw new ArgumentException($"The spans of {day} are missing; use an empty list for a day off.", nameof(days));
            var copy = spans.ToArray();
            for (var i = 0; i < copy.Length; i++)
            {
                var (start, end) = copy[i];
                if (start >= end) throw new ArgumentException($"{day}: a span must start before it ends ({start:HH:mm}-{end:HH:mm}).", nameof(days));
                if (start.Ticks % TimeSpan.TicksPerMinute != 0 || end.Ticks % TimeSpan.TicksPerMinute != 0)
                    throw new ArgumentException($"{day}: spans are whole minutes.", nameof(days));
                // Touching spans (12:00-13:00,13:00-15:00) are allowed; overlapping or unsorted ones are a mistake.
                if (i > 0 && start < copy[i - 1].End) throw new ArgumentException($"{day}: spans must be sorted and must not overlap.", nameof(days));
            }
            _spans[(int)day] = copy;
        }
        var total = TimeSpan.Zero;
        for (var d = 0; d < 7; d++)
        {
            _readOnly[d] = Array.AsReadOnly(_spans[d]);
            foreach (var (start, end) in _spans[d]) total += end - start;
        }
        WeeklyTotal = total;
        _text = Format(_spans);
    }

    public static WeekSchedule Empty { get; } = new(new Dictionary<DayOfWeek, IReadOnlyList<WorkingSpan>>());

    /// <summary>Nominal wall-clock hours in a week; a clock change on a working day makes the real week an hour longer or shorter.</summary>
    public TimeSpan WeeklyTotal { get; }

    /// <summary>The spans of a day, sorted; empty for a day off.</summary>
    public IReadOnlyList<WorkingSpan> For(DayOfWeek day)
    {
        if (day is < DayOfWeek.Sunday or > DayOfWeek.Saturday) throw new ArgumentOutOfRangeException(nameof(day));
        return _readOnly[(int)day];
    }

    /// <summary>The same spans without the read-only wrapper, for the calendar's day loop.</summary>
    internal WorkingSpan[] SpansOf(DayOfWeek day) => _spans[(int)day];

    /// <summary>
    /// Reads the text form admins type and the database stores: <c>sun=07:30-14:30;thu=07:30-12:00,13:00-15:00</c>.
    /// Days are sun…sat in any order and case; a missing day (or <c>fri=</c>) is a day off. Whitespace, direction marks,
    /// Arabic-Indic or Persian digits and the Arabic comma and semicolon are accepted because admins type in Arabic and
    /// Persian keyboards; times are then read with the invariant culture only. Spans of a day may come in any order.
    /// </summary>
    /// <param name="errorKey">A resource key when the text is refused: <see cref="InvalidKey"/> for anything malformed,
    /// <see cref="OverlapKey"/> when spans of a day overlap, <see cref="EmptyKey"/> when the week has no working time.</param>
    public static bool TryParse(string? text, out WeekSchedule schedule, [NotNullWhen(false)] out string? errorKey)
    {
        schedule = Empty;
        var normalized = Normalize(text);
        var days = new List<WorkingSpan>?[7];
        var overlap = false;
        foreach (var rawSegment in normalized.Split(';'))
        {
            var segment = rawSegment.Trim();
            if (segment.Length == 0) continue;
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0) return Fail(InvalidKey, out errorKey);
            var day = Array.FindIndex(DayNames, n => string.Equals(n, segment[..equals].Trim(), StringComparison.OrdinalIgnoreCase));
            if (day < 0 || days[day] is not null) return Fail(InvalidKey, out errorKey);
            var spans = new List<WorkingSpan>();
            var spansText = segment[(equals + 1)..].Trim();
            if (spansText.Length > 0)
            {
                foreach (var rawSpan in spansText.Split(','))
                {
                    var dash = rawSpan.IndexOf('-', StringComparison.Ordinal);
                    if (dash < 0
                        || !TryTime(rawSpan[..dash], out var start)
                        || !TryTime(rawSpan[(dash + 1)..], out var end)
                        || start >= end)
                    {
                        return Fail(InvalidKey, out errorKey);
                    }
                    spans.Add(new WorkingSpan(start, end));
                }
            }
            spans.Sort((a, b) => a.Start.CompareTo(b.Start));
            for (var i = 1; i < spans.Count; i++) overlap |= spans[i].Start < spans[i - 1].End;
            days[day] = spans;
        }
        // A malformed part anywhere wins over an overlap: fix the syntax first, then the hours.
        if (overlap) return Fail(OverlapKey, out errorKey);
        var map = new Dictionary<DayOfWeek, IReadOnlyList<WorkingSpan>>();
        for (var d = 0; d < 7; d++)
        {
            if (days[d] is { Count: > 0 } spans) map[(DayOfWeek)d] = spans;
        }
        if (map.Count == 0) return Fail(EmptyKey, out errorKey);
        schedule = new WeekSchedule(map);
        errorKey = null;
        return true;
    }

    /// <summary>The canonical text form: days sun…sat, days off left out, HH:mm. Reads back through <see cref="TryParse"/>.</summary>
    public override string ToString() => _text;

    private static bool Fail(string key, out string errorKey)
    {
        errorKey = key;
        return false;
    }

    private static string Normalize(string? text)
    {
        var ascii = Digits.ToAscii(text);
        var sb = new StringBuilder(ascii.Length);
        foreach (var ch in ascii)
        {
            switch (ch)
            {
                case '\u061B': sb.Append(';'); break; // Arabic semicolon
                case '\u060C': sb.Append(','); break; // Arabic comma
                // Direction marks that right-to-left editors slip in around Latin text.
                case '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'): break;
                default: sb.Append(ch); break;
            }
        }
        return sb.ToString();
    }

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static string Format(WorkingSpan[][] spans)
    {
        var sb = new StringBuilder();
        for (var d = 0; d < 7; d++)
        {
            if (spans[d].Length == 0) continue;
            if (sb.Length > 0) sb.Append(';');
            sb.Append(DayNames[d]).Append('=');
            for (var i = 0; i < spans[d].Length; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(spans[d][i].Start.ToString("HH:mm", CultureInfo.InvariantCulture))
                    .Append('-')
                    .Append(spans[d][i].End.ToString("HH:mm", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }
}
