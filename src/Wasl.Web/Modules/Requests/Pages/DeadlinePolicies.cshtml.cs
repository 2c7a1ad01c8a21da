using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Modules.Requests.Deadlines;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// The deadline targets of requests, one row per type and importance, in working time. National administrators
/// (administrators at a root unit) set them; for anyone else the page does not exist. Saving writes all twelve rows
/// and a recompute job for the whole tree in one transaction, so running requests get deadlines under the new targets.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class DeadlinePoliciesModel(WaslDbContext db, OrgAccess org, WorkCalendars calendars, DeadlineRecomputes recomputes, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>Targets beyond this many hours (over a year of working days) are typing slips.</summary>
    public const int MaxHours = 9999;

    public static IReadOnlyList<RequestType> Types { get; } = Enum.GetValues<RequestType>();
    public static IReadOnlyList<Importance> Importances { get; } = Enum.GetValues<Importance>();

    /// <summary>Whether each row still shows the configured defaults (no row saved yet), in <see cref="Rows"/> order.</summary>
    public IReadOnlyList<bool> IsDefault { get; private set; } = [];

    /// <summary>Twelve rows: for each type, its three importances (row index = type × 3 + importance).</summary>
    [BindProperty]
    public List<PolicyInput> Rows { get; set; } = [];

    public static int IndexOf(RequestType type, Importance importance) => (int)type * Importances.Count + (int)importance;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await IsNationalAdministratorAsync(ct)) return NotFound();
        var snapshot = await calendars.CurrentAsync(ct);
        var current = Cells().Select(c => snapshot.Policy(RequestDeadlines.Subject, c.Type.ToString(), c.Importance.ToString())).ToList();
        Rows = [.. current.Select(PolicyInput.From)];
        IsDefault = [.. current.Select(p => p.Id == 0)];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await IsNationalAdministratorAsync(ct)) return NotFound();
        // The framework's own binding errors (a forged OnBreach) are reported by the checks below, per row.
        ModelState.Clear();
        var cells = Cells().ToList();
        if (Rows.Count != cells.Count) return BadRequest();
        var read = new List<(int? First, int Resolution, int Warning, BreachAction OnBreach)>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (Read(i, cells[i].Type, cells[i].Importance, Rows[i]) is { } row) read.Add(row);
        }
        var existing = await db.Set<DeadlinePolicy>().AsNoTracking().Where(p => p.Subject == RequestDeadlines.Subject).ToListAsync(ct);
        IsDefault = [.. cells.Select(c => !existing.Any(p => p.Kind == c.Type.ToString() && p.Importance == c.Importance.ToString()))];
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow();
        var rows = await db.Set<DeadlinePolicy>().Where(p => p.Subject == RequestDeadlines.Subject).ToListAsync(ct);
        for (var i = 0; i < cells.Count; i++)
        {
            var (type, importance) = cells[i];
            var row = rows.FirstOrDefault(p => p.Kind == type.ToString() && p.Importance == importance.ToString());
            if (row is null)
            {
                row = new DeadlinePolicy { Subject = RequestDeadlines.Subject, Kind = type.ToString(), Importance = importance.ToString() };
                db.Add(row);
            }
            (row.FirstResponseMinutes, row.ResolutionMinutes, row.WarningPercent, row.OnBreach) = read[i];
            row.UpdatedAt = now;
        }
        // Targets apply everywhere: the whole tree's running requests are recomputed, a batch at a time.
        foreach (var root in await db.Units.AsNoTracking().Where(u => u.ParentId == null).Select(u => u.Id).ToListAsync(ct))
            recomputes.Queue(RequestDeadlines.Subject, root, now);
        try
        {
            // One SaveChanges is one transaction: the twelve rows and their job are stored together or not at all.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another national administrator created the same rows at the same moment (unique subject, kind, importance).
            ModelState.AddModelError("", t["Admin.ChangedMeanwhile"]);
            return Page();
        }
        finally
        {
            calendars.Invalidate();
        }
        TempData["Notice"] = t["DeadlinePolicies.Saved"].Value;
        return RedirectToPage();
    }

    private static IEnumerable<(RequestType Type, Importance Importance)> Cells() =>
        Types.SelectMany(type => Importances.Select(importance => (type, importance)));

    private Task<bool> IsNationalAdministratorAsync(CancellationToken ct) => org.HoldsAtRootAsync(OrgRight.Manage, ct);

    /// <summary>One row's values in minutes, or null with the errors in ModelState (each says which row it is about).</summary>
    private (int? First, int Resolution, int Warning, BreachAction OnBreach)? Read(int i, RequestType type, Importance importance, PolicyInput input)
    {
        var ok = true;
        void Error(string field, string key)
        {
            ModelState.AddModelError($"Rows[{i}].{field}", t["DeadlinePolicies.FieldLabel", t[$"RequestType.{type}"].Value, t[$"Importance.{importance}"].Value, t[key].Value]);
            ok = false;
        }

        int? first = null;
        if (!string.IsNullOrWhiteSpace(input.FirstHours) || !string.IsNullOrWhiteSpace(input.FirstMinutes))
        {
            first = Minutes(input.FirstHours, input.FirstMinutes);
            if (first is null or 0) Error(nameof(PolicyInput.FirstHours), "DeadlinePolicies.FirstResponseInvalid");
        }
        var resolution = Minutes(input.ResolutionHours, input.ResolutionMinutes);
        if (resolution is null or 0)
            Error(nameof(PolicyInput.ResolutionHours), "DeadlinePolicies.ResolutionInvalid");
        else if (first is > 0 && first >= resolution)
            Error(nameof(PolicyInput.FirstHours), "DeadlinePolicies.FirstAfterResolution");
        if (!TryNumber(input.WarningPercent, out var warning) || warning is < 1 or > 99)
            Error(nameof(PolicyInput.WarningPercent), "DeadlinePolicies.WarningInvalid");
        if (!Enum.TryParse<BreachAction>(input.OnBreach, out var onBreach) || !Enum.IsDefined(onBreach) || int.TryParse(input.OnBreach, out _))
            Error(nameof(PolicyInput.OnBreach), "Validation.Invalid");
        return ok ? (first, resolution!.Value, warning, onBreach) : null;
    }

    /// <summary>Hours and minutes (either may be empty, meaning 0) as minutes; null when not whole numbers in range.</summary>
    private static int? Minutes(string? hours, string? minutes)
    {
        var h = 0;
        var m = 0;
        if (!string.IsNullOrWhiteSpace(hours) && !TryNumber(hours, out h)) return null;
        if (!string.IsNullOrWhiteSpace(minutes) && !TryNumber(minutes, out m)) return null;
        return h > MaxHours || m > 59 ? null : h * 60 + m;
    }

    /// <summary>A whole number typed with any digits (Arabic-Indic and Persian included).</summary>
    private static bool TryNumber(string? text, out int value)
    {
        value = 0;
        var ascii = Digits.ToAscii(text).Trim();
        return ascii.Length is > 0 and <= 6 && Digits.IsAsciiDigits(ascii) && int.TryParse(ascii, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>One row as typed: text fields so any digits are accepted and a refused value comes back as typed.</summary>
    public sealed class PolicyInput
    {
        public string? FirstHours { get; set; }
        public string? FirstMinutes { get; set; }
        public string? ResolutionHours { get; set; }
        public string? ResolutionMinutes { get; set; }
        public string? WarningPercent { get; set; }
        public string? OnBreach { get; set; }

        public static PolicyInput From(DeadlinePolicy p)
        {
            ArgumentNullException.ThrowIfNull(p);
            static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
            return new PolicyInput
            {
                FirstHours = p.FirstResponseMinutes is { } f ? N(f / 60) : null,
                FirstMinutes = p.FirstResponseMinutes is { } g ? N(g % 60) : null,
                ResolutionHours = N(p.ResolutionMinutes / 60),
                ResolutionMinutes = N(p.ResolutionMinutes % 60),
                WarningPercent = N(p.WarningPercent),
                OnBreach = p.OnBreach.ToString(),
            };
        }
    }
}
