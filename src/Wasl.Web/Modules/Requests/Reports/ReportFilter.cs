using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Periods;

namespace Wasl.Web.Modules.Requests.Reports;

/// <summary>
/// What a report (seed 004 §3.1, "by period and type of request") selects, read from the query string so a link,
/// a next page, a print view and an export all carry the same filter. The period is Platform's <see cref="PeriodFilter"/>
/// (a range of days, a Gregorian, Umm al-Qura or Solar Hijri month or year). Values are kept as typed (to redisplay
/// the form) and checked by <see cref="Validate"/>, which returns message keys rather than throwing.
/// </summary>
internal sealed class ReportFilter
{
    /// <summary>A longer period is refused: a report is read by people, and five years is already an archive.</summary>
    public const int MaxDays = PeriodFilter.MaxDays;

    /// <summary>The period part of the filter (the fields below read and write it).</summary>
    public PeriodFilter Period { get; init; } = new();

    public string? From { get => Period.From; init => Period = Period with { From = value }; }
    public string? To { get => Period.To; init => Period = Period with { To = value }; }
    public string? Month { get => Period.Month; init => Period = Period with { Month = value }; }
    public string? HMonth { get => Period.HMonth; init => Period = Period with { HMonth = value }; }
    public string? SMonth { get => Period.SMonth; init => Period = Period with { SMonth = value }; }
    public string? Year { get => Period.Year; init => Period = Period with { Year = value }; }
    public string? HYear { get => Period.HYear; init => Period = Period with { HYear = value }; }
    public string? SYear { get => Period.SYear; init => Period = Period with { SYear = value }; }
    public string? UnitId { get; init; }
    public string? Type { get; init; }
    public string? CategoryId { get; init; }
    public string? Status { get; init; }
    public string? State { get; init; }
    public string? Flag { get; init; }
    public string? Score { get; init; }

    /// <summary>The recognised flags, by their query-string value.</summary>
    public static readonly IReadOnlyList<string> Flags = ["late", "ontime", "escalated", "objected", "rated", "answered", "located"];

    public static readonly IReadOnlyList<string> States = ["open", "finished"];

    private static readonly RequestStatus[] FinishedStatuses = [RequestStatus.Resolved, RequestStatus.Closed];

    public static ReportFilter FromQuery(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? Get(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        return new ReportFilter
        {
            Period = PeriodFilter.FromQuery(query),
            UnitId = Get("unitId"),
            Type = Get("type"),
            CategoryId = Get("categoryId"),
            Status = Get("status"),
            State = Get("state"),
            Flag = Get("flag"),
            Score = Get("score"),
        };
    }

    /// <summary>The filter as a query string (without "?"), keys in a fixed order, values escaped; empty when nothing is set.</summary>
    public string ToQueryString()
    {
        var sb = new StringBuilder();
        Period.AppendQuery(sb);
        void Add(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            if (sb.Length > 0) sb.Append('&');
            sb.Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }
        Add("unitId", UnitId);
        Add("type", Type);
        Add("categoryId", CategoryId);
        Add("status", Status);
        Add("state", State);
        Add("flag", Flag);
        Add("score", Score);
        return sb.ToString();
    }

    public int? UnitIdValue => ParseId(UnitId);
    public int? CategoryIdValue => ParseId(CategoryId);

    /// <summary>"categoryId=none": the requests filed without a category (what the indicators count as "no category").</summary>
    public const string NoCategoryValue = "none";

    public bool NoCategory => string.Equals(CategoryId, NoCategoryValue, StringComparison.OrdinalIgnoreCase);
    public RequestType? TypeValue => ParseEnum<RequestType>(Type);
    public RequestStatus? StatusValue => ParseEnum<RequestStatus>(Status);
    public string? StateValue => State is { } s && States.Contains(s.ToLowerInvariant()) ? s.ToLowerInvariant() : null;
    public string? FlagValue => Flag is { } f && Flags.Contains(f.ToLowerInvariant()) ? f.ToLowerInvariant() : null;
    public int? ScoreValue => ParseId(Score) is { } s && s is >= 1 and <= 5 ? s : null;

    /// <summary>The message keys of what is wrong (empty when the filter can run). A bad value never widens the report: it stops it.</summary>
    public IReadOnlyList<string> Validate(DateOnly today)
    {
        var errors = new List<string>();
        if (!TryResolvePeriod(today, out _, out _, out var periodError)) errors.Add(periodError!);
        if (UnitId is not null && UnitIdValue is null) errors.Add("Reports.Error.Unit");
        if (Type is not null && TypeValue is null) errors.Add("Reports.Error.Type");
        if (CategoryId is not null && CategoryIdValue is null && !NoCategory) errors.Add("Reports.Error.Category");
        if (Status is not null && StatusValue is null) errors.Add("Reports.Error.Status");
        if (State is not null && StateValue is null) errors.Add("Reports.Error.State");
        if (Flag is not null && FlagValue is null) errors.Add("Reports.Error.Flag");
        if (Score is not null && ScoreValue is null) errors.Add("Reports.Error.Score");
        return errors;
    }

    /// <summary>The period as inclusive days (see <see cref="PeriodFilter.TryResolve"/>); nothing given means this Gregorian month so far.</summary>
    public bool TryResolvePeriod(DateOnly today, out DateOnly from, out DateOnly to, out string? errorKey) => Period.TryResolve(today, out from, out to, out errorKey);

    /// <summary>The inclusive days as a half-open UTC range [start, end) on the deployment's clock.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) ToUtcRange(DateOnly from, DateOnly to, TimeZoneInfo zone) => PeriodFilter.ToUtcRange(from, to, zone);

    /// <summary>
    /// The filter applied to requests already limited to what the staff member may see
    /// (<see cref="RequestAccess.VisibleToStaffAsync(CancellationToken)"/>). Call only once <see cref="Validate"/> is empty.
    /// A unit outside <paramref name="visibleUnits"/> selects nothing: the filter only ever narrows.
    /// </summary>
    public async Task<IQueryable<Request>> ApplyAsync(IQueryable<Request> visible, WaslDbContext db, IQueryable<Unit> visibleUnits, TimeZoneInfo zone, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(visible);
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(visibleUnits);
        if (!TryResolvePeriod(today, out var from, out var to, out _)) return visible.Where(r => false);
        var (start, end) = ToUtcRange(from, to, zone);
        var query = visible.Where(r => r.CreatedAt >= start && r.CreatedAt < end);
        if (UnitId is not null)
        {
            var unitId = UnitIdValue ?? 0;
            // "\u0001" matches no path: an unknown or foreign unit empties the report instead of being ignored.
            var path = await visibleUnits.Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            query = query.Where(r => db.Units.Any(u => u.Id == r.UnitId && u.Path.StartsWith(path)));
        }
        if (Type is not null)
        {
            if (TypeValue is not { } type) return query.Where(r => false);
            query = query.Where(r => r.Type == type);
        }
        if (NoCategory)
        {
            query = query.Where(r => r.CategoryId == null);
        }
        else if (CategoryId is not null)
        {
            var categoryId = CategoryIdValue ?? 0;
            query = query.Where(r => r.CategoryId == categoryId || db.Set<Category>().Any(c => c.Id == r.CategoryId && c.ParentId == categoryId));
        }
        if (Status is not null)
        {
            if (StatusValue is not { } status) return query.Where(r => false);
            query = query.Where(r => r.Status == status);
        }
        if (State is not null)
        {
            query = StateValue switch
            {
                "open" => query.Where(r => !FinishedStatuses.Contains(r.Status)),
                "finished" => query.Where(r => FinishedStatuses.Contains(r.Status)),
                _ => query.Where(r => false),
            };
        }
        if (Flag is not null)
        {
            query = FlagValue switch
            {
                "late" => query.Where(r => r.ResolvedLate == true),
                "ontime" => query.Where(r => r.ResolvedLate == false),
                "escalated" => query.Where(r => r.EscalationCount > 0),
                "objected" => query.Where(r => r.ObjectedAt != null),
                "rated" => query.Where(r => r.SatisfactionScore != null),
                "answered" => query.Where(r => r.FirstResponseMinutes != null),
                "located" => query.Where(r => r.Latitude != null),
                _ => query.Where(r => false),
            };
        }
        if (Score is not null)
        {
            var score = ScoreValue ?? 0;
            query = query.Where(r => r.SatisfactionScore == score);
        }
        return query;
    }

    private static int? ParseId(string? text)
    {
        if (text is null) return null;
        var s = Digits.ToAscii(text);
        return s.Length is > 0 and <= 9 && Digits.IsAsciiDigits(s) && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }

    private static TEnum? ParseEnum<TEnum>(string? text)
        where TEnum : struct, Enum =>
        text is not null && !char.IsAsciiDigit(text[0]) && text[0] != '-' && !text.Contains(',', StringComparison.Ordinal) && Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;
}
