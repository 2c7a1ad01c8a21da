using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Wasl.Web.Platform.Shell.Pages;

/// <summary>The staff home: the modules present in this build that the person may use.</summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
public sealed class StaffHomeModel(IEnumerable<ModuleEntry> modules, IServiceProvider services) : PageModel
{
    public IReadOnlyList<ModuleEntry> Available { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = new List<ModuleEntry>();
        foreach (var m in modules)
            if (await m.IsAvailable(services, User, ct)) list.Add(m);
        Available = list;
    }
}
