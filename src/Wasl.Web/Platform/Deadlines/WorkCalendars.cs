using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Deadlines;

/// <summary>
/// The working calendar of every unit, inherited down the tree, and the deadline targets, read from a snapshot kept in
/// memory (calendars and policies change a few times a year; deadlines are computed thousands of times a minute).
/// The snapshot is reloaded after a minute, at once after a local change, and on demand when a recompute job newer than
/// the snapshot is worked (a job never runs on a snapshot older than the change that queued it; job ids, not clocks,
/// decide, so nodes whose clocks differ agree).
/// </summary>
internal sealed class WorkCalendars(IServiceScopeFactory scopes, IOptions<DeploymentOptions> deployment, IOptions<DeadlineOptions> deadlines, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    public void Invalidate() => _snapshot = null;

    public void Dispose() => _loading.Dispose();

    /// <summary>A snapshot that includes the change of recompute job <paramref name="jobId"/> (reloading if needed).</summary>
    public async Task<Snapshot> CurrentAsync(CancellationToken ct, long? jobId = null)
    {
        var s = _snapshot;
        var now = clock.GetUtcNow();
        if (Fresh(s, now, jobId)) return s!;
        await _loading.WaitAsync(ct);
        try
        {
            s = _snapshot;
            if (Fresh(s, now, jobId)) return s!;
            s = await LoadAsync(ct);
            _snapshot = s;
            return s;
        }
        finally
        {
            _loading.Release();
        }
    }

    private static bool Fresh(Snapshot? s, DateTimeOffset now, long? jobId) =>
        s is not null && (now - s.LoadedAt).Duration() < MaxAge && (jobId is null || s.LastJobId >= jobId);

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        var loadedAt = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        // Read before the calendars: everything a job up to this id announced is in what follows.
        var lastJob = await db.Set<DeadlineRecomputeJob>().MaxAsync(j => (long?)j.Id, ct) ?? 0;
        var parents = await db.Units.AsNoTracking().Select(u => new { u.Id, u.ParentId }).ToDictionaryAsync(u => u.Id, u => u.ParentId, ct);
        var calendars = await db.Set<UnitCalendar>().AsNoTracking().Include(c => c.Seasons).Include(c => c.Holidays).AsSplitQuery().ToListAsync(ct);
        var policies = await db.Set<DeadlinePolicy>().AsNoTracking().ToListAsync(ct);
        var built = calendars.ToDictionary(c => c.UnitId, Build);
        return new Snapshot(loadedAt, lastJob, parents, built, DefaultCalendar(deployment.Value, loadedAt), policies, deadlines.Value);
    }

    /// <summary>A stored calendar as arithmetic: its week, its seasons and its holidays (ranges expanded to days).</summary>
    public static WorkingCalendar Build(UnitCalendar c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var week = WeekSchedule.TryParse(c.Week, out var w, out _) ? w : CountryProfiles.Regular(c.Country);
        var seasons = c.Seasons.Select(s => new CalendarSeason(s.StartsOn, s.EndsOn, WeekSchedule.TryParse(s.Week, out var sw, out _) ? sw : week));
        var holidays = c.Holidays.SelectMany(h => Days(h.StartsOn, h.EndsOn));
        return new WorkingCalendar(Zone(c.TimeZone), week, seasons, holidays);
    }

    /// <summary>
    /// The deployment's country profile in its time zone, with Ramadan hours for the Umm al-Qura month of Ramadan of the
    /// years around now (administrators who set a unit calendar enter the sighted dates themselves).
    /// </summary>
    public static WorkingCalendar DefaultCalendar(DeploymentOptions deployment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var country = CountryProfiles.Countries.Contains(deployment.Country.ToUpperInvariant()) ? deployment.Country : "SA";
        return new WorkingCalendar(Zone(deployment.TimeZone), CountryProfiles.Regular(country), RamadanSeasons(country, now), []);
    }

    public static IEnumerable<CalendarSeason> RamadanSeasons(string country, DateTimeOffset now)
    {
        var hijri = new System.Globalization.UmAlQuraCalendar();
        var year = hijri.GetYear(now.UtcDateTime);
        for (var y = year - 1; y <= year + 2; y++)
        {
            if (!HijriDates.TryToGregorian(CalendarPreference.UmAlQura, y, 9, 1, out var first)) continue;
            var days = hijri.GetDaysInMonth(y, 9);
            yield return new CalendarSeason(first, first.AddDays(days - 1), CountryProfiles.Ramadan(country));
        }
    }

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }

    private static TimeZoneInfo Zone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>Calendars and targets as they were at <see cref="LoadedAt"/>.</summary>
    public sealed class Snapshot(DateTimeOffset loadedAt, long lastJobId, Dictionary<int, int?> parents, Dictionary<int, WorkingCalendar> own, WorkingCalendar fallback, List<DeadlinePolicy> policies, DeadlineOptions defaults)
    {
        private readonly Dictionary<(string, string, string), DeadlinePolicy> _policies = policies.ToDictionary(p => (p.Subject, p.Kind, p.Importance));

        public DateTimeOffset LoadedAt { get; } = loadedAt;

        /// <summary>The newest recompute job when the snapshot was read: the changes it announced are included.</summary>
        public long LastJobId { get; } = lastJobId;

        public IReadOnlyDictionary<int, int?> Parents => parents;

        /// <summary>The unit's own calendar, else its nearest ancestor's, else the deployment's.</summary>
        public WorkingCalendar For(int unitId)
        {
            for (int? u = unitId, guard = 0; u is { } id && guard < 64; guard++)
            {
                if (own.TryGetValue(id, out var c)) return c;
                u = parents.TryGetValue(id, out var p) ? p : null;
            }
            return fallback;
        }

        public int? ParentOf(int unitId) => parents.TryGetValue(unitId, out var p) ? p : null;

        /// <summary>The policy row for (subject, kind, importance), or the configured defaults for that importance.</summary>
        public DeadlinePolicy Policy(string subject, string kind, string importance)
        {
            if (_policies.TryGetValue((subject, kind, importance), out var p)) return p;
            var t = importance switch
            {
                "Important" => defaults.Important,
                "VeryImportant" => defaults.VeryImportant,
                _ => defaults.Normal,
            };
            return new DeadlinePolicy
            {
                Subject = subject,
                Kind = kind,
                Importance = importance,
                FirstResponseMinutes = t.FirstResponseMinutes,
                ResolutionMinutes = t.ResolutionMinutes,
                WarningPercent = defaults.WarningPercent,
                OnBreach = BreachAction.Escalate,
            };
        }
    }
}
