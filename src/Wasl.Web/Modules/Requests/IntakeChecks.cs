using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Maps;

namespace Wasl.Web.Modules.Requests;

/// <summary>
/// The checks every intake form (portal, call center) makes beyond its attributes, each reported on its field under
/// "Input.*": the category belongs to the chosen type, the unit exists, the mobile and the optional national ID
/// follow the deployment country's rules (and come back normalized).
/// </summary>
public sealed class IntakeChecks(INationalIdValidator nationalIds, IOptions<DeploymentOptions> deployment, IStringLocalizer<SharedResource> t)
{
    public void Choices(ModelStateDictionary state, RequestType type, int? categoryId, int? unitId, IReadOnlyList<Category> categories, IReadOnlyList<(int Id, string Name, int Depth)> units)
    {
        if (!Enum.IsDefined(type)) state.AddModelError("Input.Type", t["Validation.Required"]);
        if (categoryId is { } cat && !categories.Any(c => c.Id == cat && c.Type == type))
            state.AddModelError("Input.CategoryId", t["Requests.CategoryMismatch"]);
        if (unitId is { } unit && !units.Any(u => u.Id == unit))
            state.AddModelError("Input.UnitId", t["Validation.Invalid"]);
    }

    /// <summary>The optional location: both coordinates or neither, in range, in any digit form; errors on Input.Latitude / Input.Longitude.</summary>
    public GeoPoint? Location(ModelStateDictionary state, string? latitude, string? longitude)
    {
        var (point, errors) = GeoCoordinates.Read(latitude, longitude);
        foreach (var (field, key) in errors) state.AddModelError($"Input.{field}", t[key]);
        return point;
    }

    /// <summary>The mobile is required; the national ID is optional but must be valid when given.</summary>
    public (string? Mobile, string? NationalId) Contact(ModelStateDictionary state, string? mobileInput, string? nationalIdInput)
    {
        string? mobile = null, nationalId = null;
        if (MobileNumbers.TryNormalize(mobileInput, deployment.Value.Country, out var m)) mobile = m;
        else state.AddModelError("Input.Mobile", t["Register.MobileInvalid"]);
        if (!string.IsNullOrWhiteSpace(nationalIdInput))
        {
            if (nationalIds.TryNormalize(nationalIdInput, out var n)) nationalId = n;
            else state.AddModelError("Input.NationalId", t["Register.NationalIdInvalid"]);
        }
        return (mobile, nationalId);
    }
}
