namespace Wasl.Web.Platform.Deadlines;

/// <summary>What a breach of the resolution target does.</summary>
internal enum BreachAction
{
    /// <summary>The item goes one level up the tree (and again at each further breach, up to the root).</summary>
    Escalate = 0,

    /// <summary>The responsible staff are told; the item stays where it is.</summary>
    Notify = 1,
}

/// <summary>
/// Targets in working time for one kind of item at one importance: requests use (Subject "Request", Kind = request
/// type); official correspondence will use its own subject with the same calendars, clock and sweeper.
/// </summary>
internal sealed class DeadlinePolicy
{
    public int Id { get; set; }
    public string Subject { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Importance { get; set; } = "";

    /// <summary>Working minutes to the first answer; null when the kind has no first-response target.</summary>
    public int? FirstResponseMinutes { get; set; }
    public int ResolutionMinutes { get; set; }

    /// <summary>Share of the resolution target after which the responsible staff are warned (1–99).</summary>
    public int WarningPercent { get; set; } = 75;
    public BreachAction OnBreach { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Default targets in working minutes, used where no policy row exists.</summary>
internal sealed class DeadlineTargets
{
    public int? FirstResponseMinutes { get; set; }
    public int ResolutionMinutes { get; set; }
}

/// <summary>The deadline engine's settings and the targets that apply when no policy row exists.</summary>
internal sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    public DeadlineTargets Normal { get; set; } = new() { FirstResponseMinutes = 7 * 60, ResolutionMinutes = 5 * 7 * 60 };
    public DeadlineTargets Important { get; set; } = new() { FirstResponseMinutes = 3 * 60 + 30, ResolutionMinutes = 2 * 7 * 60 };
    public DeadlineTargets VeryImportant { get; set; } = new() { FirstResponseMinutes = 60, ResolutionMinutes = 7 * 60 };
    public int WarningPercent { get; set; } = 75;

    /// <summary>How often the sweeper looks for due work, in seconds.</summary>
    public int SweepSeconds { get; set; } = 30;

    /// <summary>Items handled per sweep batch (one transaction each).</summary>
    public int SweepBatch { get; set; } = 200;

    /// <summary>Turns the background sweeper off (tests drive sweeps themselves); due work is still found by the next node that runs it.</summary>
    public bool SweeperEnabled { get; set; } = true;
}

/// <summary>
/// Deadlines of running items under a unit must be recomputed (its calendar, or a policy, changed). The sweeper works
/// through the subtree a batch at a time; the cursor is saved with each batch, so a crash resumes where it stopped.
/// </summary>
internal sealed class DeadlineRecomputeJob
{
    public long Id { get; set; }
    public string Subject { get; set; } = "";
    public int UnitId { get; set; }

    /// <summary>Last (unit, item) handled, in (unit id, item id) order.</summary>
    public int CursorUnitId { get; set; }
    public long CursorItemId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
}
