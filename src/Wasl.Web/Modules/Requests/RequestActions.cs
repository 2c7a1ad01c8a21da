using Wasl.Web.Modules.Requests.Deadlines;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Attachments;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Timeline;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// The one way an action on a request is recorded, whoever acts (staff on the detail page, the requester on the track
/// page, intake, the deadline sweeper): the events go on the timeline (staff with the position they act in), the request
/// gets one new version (the optimistic-concurrency token, which also keys the notices of the change), the deadline
/// columns are replayed from the timeline with the new events on it, the notices are queued, and the files staged for the
/// action are recorded with its first event. Nothing is saved here: the caller saves once (one transaction), so a
/// refused or stale action writes nothing, and keeps the staged files only after that save.
/// </summary>
internal sealed class RequestActions(WaslDbContext db, Timelines timelines, RequestDeadlines deadlines, RequestNotices notices)
{
    /// <summary>Staff act in <paramref name="actingUnitId"/> (the unit the request was in when they acted).</summary>
    public async Task<RequestEvent> RecordByStaffAsync(Request request, int actingUnitId, RequestEvent done, StagedFiles? files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(done);
        done.RequestId = request.Id;
        await timelines.AddByStaffAsync(done, actingUnitId, ct);
        await RecordAsync(request, [done], files, isNew: false, ct);
        return done;
    }

    /// <summary>The requester acts (signed in, or a guest in their tracking session).</summary>
    public async Task<RequestEvent> RecordByRequesterAsync(Request request, RequestEvent done, StagedFiles? files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(done);
        done.RequestId = request.Id;
        done.ActorId = request.RequesterId;
        timelines.Add(done);
        await RecordAsync(request, [done], files, isNew: false, ct);
        return done;
    }

    /// <summary>A request just written (it has its id, version 0): its first events start its clock and its receipt goes out.</summary>
    public async Task RecordSubmittedAsync(Request request, IReadOnlyList<RequestEvent> first, StagedFiles? files, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(first);
        foreach (var e in first)
        {
            e.RequestId = request.Id;
            timelines.Add(e);
        }
        await RecordAsync(request, first, files, isNew: true, ct);
    }

    /// <summary>One change, one version: the concurrency token moves and the notices of the change are keyed by it.</summary>
    public static void NewVersion(Request request, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Version++;
        request.UpdatedAt = at;
    }

    /// <summary>The files staged for an action, recorded with <paramref name="withEvent"/> and its visibility.</summary>
    public void AttachFiles(StagedFiles files, long requestId, RequestEvent withEvent, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(withEvent);
        files.AddTo(db, () => new RequestAttachment { RequestId = requestId, Event = withEvent }, withEvent.IsPublic, at);
    }

    private async Task RecordAsync(Request request, IReadOnlyList<RequestEvent> events, StagedFiles? files, bool isNew, CancellationToken ct)
    {
        var first = events[0];
        if (!isNew) NewVersion(request, first.At);
        if (files is not null) AttachFiles(files, request.Id, first, first.At);
        // Deadlines follow from the timeline with these events on it; notices go out with the change or not at all.
        var timeline = isNew ? [] : await timelines.ReadAsync<RequestEvent>(e => e.RequestId == request.Id, publicOnly: false, ct);
        timeline.AddRange(events);
        await deadlines.RefreshAsync(request, timeline, ct);
        await notices.AfterAsync(request, first.Kind, first.Text, ct);
    }
}
