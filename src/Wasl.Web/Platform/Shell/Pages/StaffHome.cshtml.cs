using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wasl.Web.Platform.Identity;

namespace Wasl.Web.Platform.Shell.Pages;

/// <summary>The staff home: the modules present in this build that the person may use.</summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class StaffHomeModel(IEnumerable<ModuleEntry> modules, IServiceProvider services, UserManager<WaslUser> users) : PageModel
{
    public IReadOnlyList<ModuleEntry> Available { get; private set; } = [];

    /// <summary>
    /// The mobile or e-mail on the account is not confirmed (an administrator changed it): reset codes go only to a
    /// confirmed mobile, so the person is sent to confirm it before they need one.
    /// </summary>
    public bool ContactUnconfirmed { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = new List<ModuleEntry>();
        foreach (var m in modules)
            if (await m.IsAvailable(services, User, ct)) list.Add(m);
        Available = list;
        var me = await users.GetUserAsync(User);
        ContactUnconfirmed = me is not null
            && ((me.PhoneNumber is not null && !me.PhoneNumberConfirmed) || (!string.IsNullOrEmpty(me.Email) && !me.EmailConfirmed));
    }
}
