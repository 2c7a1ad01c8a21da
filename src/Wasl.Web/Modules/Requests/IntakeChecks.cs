using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Maps;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// The checks every intake form (portal, call center) makes beyond its attributes, each reported on its field under
/// "Input.*": the category belongs to the chosen type, the unit exists, the mobile and the optional national ID
/// follow the deployment country's rules (and come back normalized).
/// </summary>
internal sealed class IntakeChecks(WaslDbContext db, INationalIdValidator nationalIds, IOptions<DeploymentOptions> deployment, IStringLocalizer<SharedResource> t)
{
    /// <summary>
    /// A category of a directorate applies only within its subtree: addressed to a unit outside it, the request is
    /// refused on <paramref name="key"/> with the owner's name (routing would ignore the category there anyway).
    /// Ministry categories apply everywhere.
    /// </summary>
    public async Task CategoryReachAsync(ModelStateDictionary state, string key, int? categoryId, int? unitId, CancellationToken ct)
    {
        if (categoryId is not { } cat || unitId is not { } unit) return;
        var owner = await db.Set<Category>().AsNoTracking().Where(c => c.Id == cat)
            .Join(db.Units, c => c.OwnerUnitId, u => u.Id, (c, u) => new { u.Path, u.Name }).SingleOrDefaultAsync(ct);
        var unitPath = await db.Units.AsNoTracking().Where(u => u.Id == unit).Select(u => u.Path).SingleOrDefaultAsync(ct);
        if (owner is null || unitPath is null) return; // unknown ids are reported by the other checks
        if (!unitPath.StartsWith(owner.Path, StringComparison.Ordinal)) state.AddModelError(key, t["Requests.CategoryOtherUnit", owner.Name]);
    }

    public void Choices(ModelStateDictionary state, RequestType type, int? categoryId, int? unitId, IReadOnlyList<Category> categories, IReadOnlyList<(int Id, string Name, int Depth)> units)
    {
        if (!Enum.IsDefined(type)) state.AddModelError("Input.Type", t["Validation.Required"]);
        if (categoryId is { } cat && !categories.Any(c => c.Id == cat && c.Type == type))
            state.AddModelError("Input.CategoryId", t["Requests.CategoryMismatch"]);
        if (unitId is { } unit && !units.Any(u => u.Id == unit))
            state.AddModelError("Input.UnitId", t["Validation.Invalid"]);
    }

    /// <summary>Where a form's field reports its error: "Input.Mobile" on the pages; an API names its own keys.</summary>
    private static string FormKey(string field) => "Input." + field;

    /// <summary>The optional location: both coordinates or neither, in range, in any digit form; errors on Input.Latitude / Input.Longitude (or <paramref name="key"/>).</summary>
    public GeoPoint? Location(ModelStateDictionary state, string? latitude, string? longitude, Func<string, string>? key = null)
    {
        var (point, errors) = GeoCoordinates.Read(latitude, longitude);
        foreach (var (field, message) in errors) state.AddModelError((key ?? FormKey)(field), t[message]);
        return point;
    }

    /// <summary>The mobile is required and must be a mobile of the deployment country (<see cref="MobileNumbers"/>); the national ID is optional but must be valid when given.</summary>
    public (string? Mobile, string? NationalId) Contact(ModelStateDictionary state, string? mobileInput, string? nationalIdInput, Func<string, string>? key = null)
    {
        // The message names the field: its label on a page, its own name ("requester.mobile", "phone") for a machine.
        var field = key is null ? t["Register.Mobile"].Value : key("Mobile");
        key ??= FormKey;
        string? mobile = null, nationalId = null;
        if (MobileNumbers.TryNormalize(mobileInput, deployment.Value.Country, out var m)) mobile = m;
        else state.AddModelError(key("Mobile"), t["Validation.Mobile", field, MobileNumbers.Example(deployment.Value.Country)]);
        if (!string.IsNullOrWhiteSpace(nationalIdInput))
        {
            if (nationalIds.TryNormalize(nationalIdInput, out var n)) nationalId = n;
            else state.AddModelError(key("NationalId"), t["Register.NationalIdInvalid"]);
        }
        return (mobile, nationalId);
    }

    /// <summary>An optional e-mail for the machine interfaces (the pages check it with their attribute): trimmed, or null when absent.</summary>
    public string? Email(ModelStateDictionary state, string key, string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        email = email.Trim();
        if (email.Length > 256 || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email))
            state.AddModelError(key, t["Validation.Email"]);
        return email;
    }
}
