using Wasl.Web.Platform.Errors;
using Wasl.Web.Platform.Timeline;

namespace Wasl.Web.Modules.Requests.Domain;

internal enum RequestType
{
    Inquiry = 0,
    Complaint = 1,
    Suggestion = 2,
    Report = 3,
}

internal enum RequestStatus
{
    New = 0,
    UnderStudy = 1,
    Forwarded = 2,
    Escalated = 3,
    AwaitingRequester = 4,
    Resolved = 5,
    Closed = 6,
    Reopened = 7,
}

internal enum Importance
{
    Normal = 0,
    Important = 1,
    VeryImportant = 2,
}

internal enum IntakeChannel
{
    Portal = 0,
    CallCenter = 1,
    Api = 2,
}

internal enum RequesterRole
{
    Parent = 0,
    Student = 1,
    Teacher = 2,
    Citizen = 3,
    Other = 4,
}

/// <summary>
/// A request or report. The number is public and the guest secret is stored only as a keyed hash; personal data
/// of the requester is copied at intake so the request stays complete even if the account changes later.
/// </summary>
internal sealed class Request
{
    public const int AddressMax = 400;
    public const int AddressIdMax = 100;
    public const int ZipcodeMax = 16;
    public const int MediaUrlMax = 2048;

    public long Id { get; set; }
    public string Number { get; set; } = "";
    public RequestType Type { get; set; }
    public int? CategoryId { get; set; }
    public string Subject { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>Subject and description through <see cref="Platform.Localization.SearchText"/>: what word search compares.</summary>
    public string SearchText { get; set; } = "";

    /// <summary>The <see cref="Platform.Localization.SearchText.Version"/> that computed <see cref="SearchText"/>; older rows are recomputed in the background.</summary>
    public int SearchVersion { get; set; } = Platform.Localization.SearchText.Version;
    public RequestStatus Status { get; set; }
    public Importance Importance { get; set; }
    public IntakeChannel Channel { get; set; }

    /// <summary>The API client that filed the request (channel API), the only client allowed to read it back.</summary>
    public int? ApiClientId { get; set; }

    /// <summary>The unit whose queue holds the request now.</summary>
    public int UnitId { get; set; }
    public Guid? RequesterId { get; set; }
    public string RequesterName { get; set; } = "";
    public string? RequesterNationalId { get; set; }
    public string? RequesterMobile { get; set; }
    public string? RequesterEmail { get; set; }
    public RequesterRole RequesterRole { get; set; }
    public byte[]? GuestSecretHash { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    /// <summary>Where it is in words, as the sender wrote it (Open311 address_string), most specific first.</summary>
    public string? Address { get; set; }

    /// <summary>The sender's id of the address in its own address register (Open311 address_id).</summary>
    public string? AddressId { get; set; }
    public string? Zipcode { get; set; }

    /// <summary>An http(s) link to a photo or video the sender published (Open311 media_url); never fetched by Wasl.</summary>
    public string? MediaUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two staff acting at once never overwrite each other.</summary>
    public int Version { get; set; }

    /// <summary>The staff member working on it, if someone took or was given it.</summary>
    public Guid? AssigneeId { get; set; }
    public string? Resolution { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>The language the requester used (or chose), for notices to people without an account.</summary>
    public string Language { get; set; } = "ar";

    /// <summary>When the first answer is due (working time), while none has been given; null once answered or while paused.</summary>
    public DateTimeOffset? FirstResponseDueAt { get; set; }

    /// <summary>When staff first answered the requester (reply, question or resolution).</summary>
    public DateTimeOffset? FirstRespondedAt { get; set; }

    /// <summary>When the current resolution target runs out (working time); null while the clock is paused or stopped.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The next instant the deadline sweeper has something to do (warn, note a late answer, escalate); null when nothing is pending.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    /// <summary>Times the request went up a level (by staff or at a breach), for indicators.</summary>
    public int EscalationCount { get; set; }

    /// <summary>Times a resolution target was missed, for indicators.</summary>
    public int BreachCount { get; set; }

    /// <summary>Working minutes from submission to the first answer (pauses excluded), kept ready for indicators.</summary>
    public int? FirstResponseMinutes { get; set; }

    /// <summary>Working minutes from submission to the (last) resolution, over every level, pauses excluded; null while open.</summary>
    public int? ResolutionMinutes { get; set; }

    /// <summary>Whether a resolution target was missed before the resolution; null while open.</summary>
    public bool? ResolvedLate { get; set; }

    public int? SatisfactionScore { get; set; }
    public DateTimeOffset? ObjectedAt { get; set; }

    public bool IsFinished => Status is RequestStatus.Resolved or RequestStatus.Closed;

    /// <summary>The requester answers a request for information: the request goes back to study.</summary>
    public void ProvideInformation()
    {
        if (Status != RequestStatus.AwaitingRequester) throw new BusinessRuleException("Requests.Rule.NotAwaiting");
        Status = RequestStatus.UnderStudy;
    }

    /// <summary>Satisfaction, 1 to 5, once, after resolution.</summary>
    public void Rate(int score)
    {
        if (!IsFinished) throw new BusinessRuleException("Requests.Rule.NotResolved");
        if (SatisfactionScore is not null) throw new BusinessRuleException("Requests.Rule.AlreadyRated");
        if (score is < 1 or > 5) throw new BusinessRuleException("Requests.Rule.Invalid");
        SatisfactionScore = score;
    }

    /// <summary>
    /// The requester objects to the solution within the window: the request reopens one level up the hierarchy
    /// (the parent of the unit that resolved it; the top stays where it is).
    /// </summary>
    public void RaiseObjection(DateTimeOffset now, TimeSpan window, int? parentUnitId)
    {
        if (Status != RequestStatus.Resolved || ResolvedAt is null) throw new BusinessRuleException("Requests.Rule.NotResolved");
        if (now - ResolvedAt.Value > window) throw new BusinessRuleException("Requests.Rule.ObjectionWindowClosed");
        ObjectedAt = now;
        UnitId = parentUnitId ?? UnitId;
        AssigneeId = null;
        Status = RequestStatus.Reopened;
    }

    /// <summary>Staff take a new request into study (and become its assignee).</summary>
    public void Take(Guid actor)
    {
        RequireOpen();
        AssigneeId = actor;
        if (Status is RequestStatus.New or RequestStatus.Forwarded or RequestStatus.Escalated or RequestStatus.Reopened) Status = RequestStatus.UnderStudy;
    }

    public void SetImportance(Importance importance)
    {
        RequireOpen();
        if (!Enum.IsDefined(importance)) throw new BusinessRuleException("Requests.Rule.Invalid");
        Importance = importance;
    }

    public void AskRequester()
    {
        RequireOpen();
        Status = RequestStatus.AwaitingRequester;
    }

    /// <summary>Hands the request to another unit's queue; it starts there unassigned.</summary>
    public void ForwardTo(int unitId)
    {
        RequireOpen();
        if (unitId == UnitId) throw new BusinessRuleException("Requests.Rule.SameUnit");
        UnitId = unitId;
        AssigneeId = null;
        Status = RequestStatus.Forwarded;
    }

    /// <summary>Sends the request one level up the hierarchy (to the parent unit).</summary>
    public void EscalateTo(int? parentUnitId)
    {
        RequireOpen();
        UnitId = parentUnitId ?? throw new BusinessRuleException("Requests.Rule.NoParent");
        AssigneeId = null;
        Status = RequestStatus.Escalated;
        EscalationCount++;
    }

    public void Resolve(string resolution, DateTimeOffset now)
    {
        RequireOpen();
        if (string.IsNullOrWhiteSpace(resolution)) throw new BusinessRuleException("Requests.Rule.ResolutionRequired");
        Resolution = resolution.Trim();
        ResolvedAt = now;
        Status = RequestStatus.Resolved;
    }

    public void Close()
    {
        if (Status != RequestStatus.Resolved) throw new BusinessRuleException("Requests.Rule.CloseOnlyResolved");
        Status = RequestStatus.Closed;
    }

    private void RequireOpen()
    {
        if (IsFinished) throw new BusinessRuleException("Requests.Rule.Finished");
    }
}

internal enum EventKind
{
    Submitted = 0,
    Routed = 1,
    Taken = 2,
    ImportanceChanged = 3,
    InternalNote = 4,
    PublicReply = 5,
    InfoRequested = 6,
    Forwarded = 7,
    Escalated = 8,
    Resolved = 9,
    Closed = 10,
    InfoProvided = 11,
    Rated = 12,
    Objected = 13,

    /// <summary>The resolution target is near (the policy's warning threshold); staff were told.</summary>
    DeadlineWarning = 14,

    /// <summary>The resolution target passed where no escalation applies (at the top, or a notify-only policy).</summary>
    DeadlineBreached = 15,

    /// <summary>No first answer within the first-response target; staff were told.</summary>
    FirstResponseLate = 16,
}

/// <summary>One line of a request's timeline (the common columns are <see cref="TimelineEvent"/>'s); kept in RequestEvents.</summary>
internal sealed class RequestEvent : TimelineEvent<EventKind>
{
    public long RequestId { get; set; }
}

/// <summary>A category (and sub-category) of requests, basic data per unit; its responsible unit receives the requests.</summary>
internal sealed class Category
{
    public int Id { get; set; }
    public int OwnerUnitId { get; set; }
    public int? ParentId { get; set; }
    public RequestType Type { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? NameLatin { get; set; }
    public int? ResponsibleUnitId { get; set; }
    public bool IsActive { get; set; } = true;
}
