using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Deadlines;

namespace Wasl.Web.Modules.Requests.Deadlines;

/// <summary>Requests' side of the deadline engine: their policies are (Subject "Request", Kind = type, importance).</summary>
internal sealed class RequestDeadlines(WorkCalendars calendars)
{
    public const string Subject = "Request";

    public Task<WorkCalendars.Snapshot> SnapshotAsync(CancellationToken ct, long? jobId = null) => calendars.CurrentAsync(ct, jobId);

    /// <summary>Replays the timeline (already in order, new events last) and writes the deadline columns the queues and the sweeper read.</summary>
    public async Task<DeadlineClock<Importance>> RefreshAsync(Request request, IEnumerable<RequestEvent> timeline, CancellationToken ct)
    {
        var clock = Replay(await calendars.CurrentAsync(ct), request, timeline);
        Apply(request, clock);
        return clock;
    }

    public static DeadlineClock<Importance> Replay(WorkCalendars.Snapshot snapshot, Request request, IEnumerable<RequestEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        var kind = request.Type.ToString();
        return RequestClock.Replay(timeline, snapshot.For, importance => Targets(snapshot.Policy(Subject, kind, importance.ToString())));
    }

    public static void Apply(Request request, DeadlineClock<Importance> clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(clock);
        request.DueAt = clock.DueAt;
        request.FirstResponseDueAt = clock.FirstResponseDueAt;
        request.FirstRespondedAt = clock.FirstRespondedAt;
        request.NextCheckAt = clock.NextCheckAt;
        request.FirstResponseMinutes = Minutes(clock.FirstResponseWorking);
        request.ResolutionMinutes = Minutes(clock.ResolutionWorking);
        request.ResolvedLate = clock.ResolvedLate;
    }

    private static int? Minutes(TimeSpan? t) => t is { } v ? (int)Math.Round(v.TotalMinutes, MidpointRounding.AwayFromZero) : null;

    public static ClockTargets Targets(DeadlinePolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.FirstResponseMinutes is { } f ? TimeSpan.FromMinutes(f) : null, TimeSpan.FromMinutes(p.ResolutionMinutes), p.WarningPercent, p.OnBreach);
    }
}
