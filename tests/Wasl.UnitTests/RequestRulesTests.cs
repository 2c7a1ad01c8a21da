using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Errors;
using Wasl.Web.Platform.Tracking;

namespace Wasl.UnitTests;

public sealed class RequestRulesTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static Request NewRequest() => new() { UnitId = 10, Status = RequestStatus.New };

    private static string Rule(Action act) => Assert.Throws<BusinessRuleException>(act).MessageKey;

    [Fact]
    public void Taking_a_new_request_puts_it_under_study_with_an_assignee()
    {
        var r = NewRequest();
        var me = Guid.NewGuid();
        r.Take(me);
        Assert.Equal(RequestStatus.UnderStudy, r.Status);
        Assert.Equal(me, r.AssigneeId);
    }

    [Fact]
    public void Resolving_needs_a_solution_and_finishes_the_request()
    {
        var r = NewRequest();
        Assert.Equal("Requests.Rule.ResolutionRequired", Rule(() => r.Resolve("  ", Noon)));
        r.Resolve("تم الحل", Noon);
        Assert.Equal(RequestStatus.Resolved, r.Status);
        Assert.Equal("Requests.Rule.Finished", Rule(() => r.Take(Guid.NewGuid())));
        Assert.Equal("Requests.Rule.Finished", Rule(() => r.ForwardTo(11)));
    }

    [Fact]
    public void Only_a_resolved_request_closes()
    {
        var r = NewRequest();
        Assert.Equal("Requests.Rule.CloseOnlyResolved", Rule(r.Close));
        r.Resolve("done", Noon);
        r.Close();
        Assert.Equal(RequestStatus.Closed, r.Status);
    }

    [Fact]
    public void Forwarding_and_escalating_move_the_request_and_free_it()
    {
        var r = NewRequest();
        r.Take(Guid.NewGuid());
        Assert.Equal("Requests.Rule.SameUnit", Rule(() => r.ForwardTo(10)));
        r.ForwardTo(11);
        Assert.Equal((11, RequestStatus.Forwarded, (Guid?)null), (r.UnitId, r.Status, r.AssigneeId));
        r.EscalateTo(3);
        Assert.Equal((3, RequestStatus.Escalated), (r.UnitId, r.Status));
        Assert.Equal("Requests.Rule.NoParent", Rule(() => r.EscalateTo(null)));
    }

    [Fact]
    public void An_objection_within_the_window_reopens_one_level_up()
    {
        var r = NewRequest();
        r.Resolve("done", Noon);
        r.RaiseObjection(Noon.AddDays(13), TimeSpan.FromDays(14), parentUnitId: 3);
        Assert.Equal((RequestStatus.Reopened, 3), (r.Status, r.UnitId));
    }

    [Fact]
    public void An_objection_after_the_window_or_before_resolution_is_refused()
    {
        var late = NewRequest();
        late.Resolve("done", Noon);
        Assert.Equal("Requests.Rule.ObjectionWindowClosed", Rule(() => late.RaiseObjection(Noon.AddDays(15), TimeSpan.FromDays(14), 3)));
        Assert.Equal("Requests.Rule.NotResolved", Rule(() => NewRequest().RaiseObjection(Noon, TimeSpan.FromDays(14), 3)));
    }

    [Fact]
    public void Satisfaction_is_given_once_from_one_to_five_after_resolution()
    {
        var r = NewRequest();
        Assert.Equal("Requests.Rule.NotResolved", Rule(() => r.Rate(5)));
        r.Resolve("done", Noon);
        Assert.Equal("Requests.Rule.Invalid", Rule(() => r.Rate(6)));
        r.Rate(5);
        Assert.Equal("Requests.Rule.AlreadyRated", Rule(() => r.Rate(4)));
    }

    [Fact]
    public void Information_is_provided_only_when_asked()
    {
        var r = NewRequest();
        Assert.Equal("Requests.Rule.NotAwaiting", Rule(r.ProvideInformation));
        r.AskRequester();
        r.ProvideInformation();
        Assert.Equal(RequestStatus.UnderStudy, r.Status);
    }
}

public sealed class TrackingLockTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_fifth_failure_locks_for_fifteen_minutes_then_counting_starts_again()
    {
        var attempts = new TrackingLock { Subject = "Request", Number = "WSL-2026-7K3Q9D1-X" };
        for (var i = 0; i < 4; i++) Assert.False(attempts.Fail(Noon));
        Assert.True(attempts.Fail(Noon));
        Assert.True(attempts.IsLocked(Noon.AddMinutes(14)));
        Assert.False(attempts.IsLocked(Noon.AddMinutes(15)));
        Assert.False(attempts.Fail(Noon.AddMinutes(16)));
        Assert.Null(attempts.LockedUntil);
    }
}
