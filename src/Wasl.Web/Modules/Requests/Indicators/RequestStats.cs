using Wasl.Web.Modules.Requests.Domain;

namespace Wasl.Web.Modules.Requests.Indicators;

/// <summary>
/// What one request adds to the indicators, as it stands: a copy of the fields that count. Every save of a request
/// writes, in its own transaction, the contribution it takes away (sign −1, the values as they were loaded) and the
/// one it adds (+1); the folder sums these into <see cref="RequestDailyStat"/> rows later, so a submit never waits on
/// a shared counter row and history is never read again.
/// </summary>
internal sealed class RequestStatChange
{
    public long Id { get; set; }
    public short Sign { get; set; }
    public int UnitId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public RequestType Type { get; set; }
    public int? CategoryId { get; set; }
    public RequestStatus Status { get; set; }
    public int? FirstResponseMinutes { get; set; }
    public int? ResolutionMinutes { get; set; }
    public bool? ResolvedLate { get; set; }
    public int EscalationCount { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ObjectedAt { get; set; }
    public int? SatisfactionScore { get; set; }
    public double? Latitude { get; set; }

    public static RequestStatChange Of(Request r, short sign) => new()
    {
        Sign = sign,
        UnitId = r.UnitId,
        CreatedAt = r.CreatedAt,
        Type = r.Type,
        CategoryId = r.CategoryId,
        Status = r.Status,
        FirstResponseMinutes = r.FirstResponseMinutes,
        ResolutionMinutes = r.ResolutionMinutes,
        ResolvedLate = r.ResolvedLate,
        EscalationCount = r.EscalationCount,
        ResolvedAt = r.ResolvedAt,
        ObjectedAt = r.ObjectedAt,
        SatisfactionScore = r.SatisfactionScore,
        Latitude = r.Latitude,
    };

    /// <summary>Whether two contributions count the same (the sign and the id aside): then a save adds nothing.</summary>
    public bool CountsLike(RequestStatChange o) =>
        UnitId == o.UnitId && CreatedAt == o.CreatedAt && Type == o.Type && CategoryId == o.CategoryId && Status == o.Status
        && FirstResponseMinutes == o.FirstResponseMinutes && ResolutionMinutes == o.ResolutionMinutes && ResolvedLate == o.ResolvedLate
        && EscalationCount == o.EscalationCount && (ResolvedAt is null) == (o.ResolvedAt is null) && (ObjectedAt is null) == (o.ObjectedAt is null)
        && SatisfactionScore == o.SatisfactionScore && (Latitude is null) == (o.Latitude is null);
}

/// <summary>
/// The indicators kept ready: one row per unit (the request's unit and each of its ancestors), day of submission (in
/// the deployment's time zone), type and category (0 = none). The measures are columns named in
/// <see cref="StatColumns"/>; a period of a year at the ministry reads a few thousand rows whatever the archive holds.
/// </summary>
internal sealed class RequestDailyStat
{
    public int UnitId { get; set; }
    public DateOnly Day { get; set; }
    public int Type { get; set; }
    public int CategoryId { get; set; }
}

/// <summary>The measures of <see cref="RequestDailyStat"/>, in column order, and what one request adds to each.</summary>
internal static class StatColumns
{
    /// <summary>Upper bounds (inclusive, working minutes) of the time buckets: the 90th percentile is reported as the bound of its bucket.</summary>
    public static readonly int[] BucketBounds = [30, 60, 120, 180, 240, 360, 480, 720, 960, 1440, 1920, 2400, 2880, 3840, 4800, 7200, 9600, 14400, 19200, int.MaxValue];

    public static readonly RequestStatus[] Statuses = Enum.GetValues<RequestStatus>();

    public const int Received = 0;
    public const int FirstStatus = 1;
    public static readonly int Answered = FirstStatus + Statuses.Length;
    public static readonly int AnswerMinutes = Answered + 1;
    public static readonly int Resolutions = Answered + 2;
    public static readonly int ResolutionMinutes = Answered + 3;
    public static readonly int Timed = Answered + 4;
    public static readonly int OnTime = Answered + 5;
    public static readonly int Escalations = Answered + 6;
    public static readonly int Escalated = Answered + 7;
    public static readonly int ResolvedOnce = Answered + 8;
    public static readonly int Objected = Answered + 9;
    public static readonly int FirstScore = Answered + 10;
    public static readonly int Located = FirstScore + 5;
    public static readonly int FirstAnswerBucket = Located + 1;
    public static readonly int FirstResolutionBucket = FirstAnswerBucket + BucketBounds.Length;

    public static readonly IReadOnlyList<string> Names = BuildNames();

    public static int Count => Names.Count;

    public static int Status(RequestStatus s) => FirstStatus + Array.IndexOf(Statuses, s);

    public static int Bucket(int minutes)
    {
        for (var i = 0; i < BucketBounds.Length; i++)
            if (minutes <= BucketBounds[i]) return i;
        return BucketBounds.Length - 1;
    }

    private static List<string> BuildNames()
    {
        var names = new List<string> { "Received" };
        names.AddRange(Statuses.Select(s => "St" + s));
        names.AddRange(["Answered", "AnswerMinutes", "Resolutions", "ResolutionMinutes", "Timed", "OnTime", "Escalations", "Escalated", "ResolvedOnce", "Objected"]);
        names.AddRange(Enumerable.Range(1, 5).Select(i => "Score" + i));
        names.Add("Located");
        names.AddRange(BucketBounds.Select((_, i) => "Fa" + i));
        names.AddRange(BucketBounds.Select((_, i) => "Fr" + i));
        return names;
    }

    /// <summary>Adds <paramref name="c"/>'s contribution, times its sign, to <paramref name="into"/>.</summary>
    public static void Add(RequestStatChange c, long[] into)
    {
        long s = c.Sign;
        into[Received] += s;
        into[Status(c.Status)] += s;
        if (c.FirstResponseMinutes is { } f)
        {
            into[Answered] += s;
            into[AnswerMinutes] += s * f;
            into[FirstAnswerBucket + Bucket(f)] += s;
        }
        if (c.ResolutionMinutes is { } r)
        {
            into[Resolutions] += s;
            into[ResolutionMinutes] += s * r;
            into[FirstResolutionBucket + Bucket(r)] += s;
        }
        if (c.ResolvedLate is { } late && c.Status is RequestStatus.Resolved or RequestStatus.Closed)
        {
            into[Timed] += s;
            if (!late) into[OnTime] += s;
        }
        into[Escalations] += s * c.EscalationCount;
        if (c.EscalationCount > 0) into[Escalated] += s;
        if (c.ResolvedAt is not null) into[ResolvedOnce] += s;
        if (c.ObjectedAt is not null) into[Objected] += s;
        if (c.SatisfactionScore is >= 1 and <= 5) into[FirstScore + c.SatisfactionScore.Value - 1] += s;
        if (c.Latitude is not null) into[Located] += s;
    }
}
