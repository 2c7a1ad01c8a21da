using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Platform.Notifications.Recipients;

/// <summary>
/// Who to tell at a unit: the active holders of the given roles at the unit itself, else at the nearest ancestor that
/// has any (a unit without its own coordinators is answered for by the level above), and single people by id. One
/// instance serves one unit of work; answers about units are also kept on the node for a short while.
/// </summary>
internal sealed class UnitRecipients(WaslDbContext db, WorkCalendars calendars, IMemoryCache cache)
{
    /// <summary>
    /// Who holds a role at a unit is kept this long on each node: every submit needs it, and role changes are rare
    /// (a new coordinator starts receiving notices within this time; preference changes too).
    /// </summary>
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(30);

    private readonly Dictionary<(int Unit, string Roles), List<NoticeRecipient>> _units = [];
    private readonly Dictionary<Guid, NoticeRecipient?> _users = [];

    /// <summary>The holders of <paramref name="roles"/> at <paramref name="unitId"/>, or at its nearest ancestor that has any; empty when none has.</summary>
    public async Task<IReadOnlyList<NoticeRecipient>> AtUnitAsync(int unitId, IReadOnlyCollection<StaffRole> roles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var key = (unitId, RolesKey(roles));
        if (!_units.ContainsKey(key)) await PreloadAsync([unitId], roles, [], ct);
        return _units[key];
    }

    /// <summary>An active person by id, as a recipient; null when the account is gone or inactive.</summary>
    public async Task<NoticeRecipient?> UserAsync(Guid userId, CancellationToken ct)
    {
        if (!_users.ContainsKey(userId)) await PreloadAsync([], [], [userId], ct);
        return _users[userId];
    }

    /// <summary>
    /// Loads, in at most two queries, the holders of <paramref name="roles"/> for these units and these people: a sweep
    /// calls it once per batch. The chain of ancestors comes from the calendar snapshot's tree (in memory): one query
    /// finds the holders of the whole chain, and answers for every unit on it.
    /// </summary>
    public async Task PreloadAsync(IEnumerable<int> unitIds, IReadOnlyCollection<StaffRole> roles, IEnumerable<Guid> userIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unitIds);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(userIds);
        var rolesKey = RolesKey(roles);
        var units = new List<int>();
        foreach (var u in unitIds.Distinct())
        {
            if (_units.ContainsKey((u, rolesKey))) continue;
            if (cache.TryGetValue(CacheKey(u, rolesKey), out List<NoticeRecipient>? known) && known is not null) _units[(u, rolesKey)] = known;
            else units.Add(u);
        }
        if (units.Count > 0)
        {
            var snapshot = await calendars.CurrentAsync(ct);
            var chains = units.ToDictionary(u => u, u => Chain(snapshot, u));
            var all = chains.Values.SelectMany(c => c).Distinct().ToList();
            var roleList = roles.Distinct().ToList();
            var holders = (await db.RoleAssignments.AsNoTracking()
                    .Where(a => all.Contains(a.UnitId) && roleList.Contains(a.Role))
                    .Join(db.Users.Where(x => x.IsActive), a => a.UserId, x => x.Id,
                        (a, x) => new { a.UnitId, Recipient = new NoticeRecipient(x.Id, x.Email, x.PhoneNumber, x.PreferredLanguage, x.EmailNotices, x.SmsNotices) })
                    .ToListAsync(ct))
                .GroupBy(h => h.UnitId)
                .ToDictionary(g => g.Key, g => g.Select(h => h.Recipient).DistinctBy(r => r.UserId).ToList());
            foreach (var (unit, chain) in chains)
            {
                var found = chain.Select(u => holders.GetValueOrDefault(u)).FirstOrDefault(h => h is { Count: > 0 }) ?? [];
                _units[(unit, rolesKey)] = found;
                cache.Set(CacheKey(unit, rolesKey), found, CacheTime);
            }
        }
        var users = userIds.Where(u => !_users.ContainsKey(u)).Distinct().ToList();
        if (users.Count > 0)
        {
            var found = await db.Users.AsNoTracking().Where(x => users.Contains(x.Id) && x.IsActive)
                .Select(x => new NoticeRecipient(x.Id, x.Email, x.PhoneNumber, x.PreferredLanguage, x.EmailNotices, x.SmsNotices)).ToListAsync(ct);
            foreach (var u in users) _users[u] = found.FirstOrDefault(f => f.UserId == u);
        }
    }

    private static string RolesKey(IEnumerable<StaffRole> roles) => string.Join(',', roles.Distinct().Order().Select(r => ((int)r).ToString(CultureInfo.InvariantCulture)));

    private static string CacheKey(int unitId, string rolesKey) => $"recipients:{rolesKey}:{unitId.ToString(CultureInfo.InvariantCulture)}";

    private static List<int> Chain(WorkCalendars.Snapshot snapshot, int unitId)
    {
        var chain = new List<int>();
        for (int? u = unitId; u is { } id && chain.Count < 64; u = snapshot.ParentOf(id)) chain.Add(id);
        return chain;
    }
}
