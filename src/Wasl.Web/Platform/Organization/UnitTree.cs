using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Organization;

/// <summary>
/// What a module keeps per unit and ancestor (e.g. the indicators) and must carry over when a unit moves: called inside
/// the move's transaction, after the paths changed, with the unit's ancestors before and after (nearest last, the unit excluded).
/// </summary>
internal interface IUnitMoveParticipant
{
    Task UnitMovedAsync(int unitId, IReadOnlyList<int> oldAncestors, IReadOnlyList<int> newAncestors, CancellationToken ct);
}

/// <summary>Changes to the tree that keep the materialized paths right.</summary>
internal sealed class UnitTree(WaslDbContext db, IEnumerable<IUnitMoveParticipant>? participants = null)
{
    /// <summary>Adds a unit under a parent: the id is known only after the insert, so the path is set in the same transaction.</summary>
    public async Task<Unit> AddAsync(Unit? parent, UnitKind kind, string code, string name, string? nameLatin, CancellationToken ct)
    {
        var unit = new Unit
        {
            ParentId = parent?.Id,
            KindId = kind.Id,
            Code = code,
            Name = name,
            NameLatin = nameLatin,
            Depth = parent is null ? 0 : parent.Depth + 1,
            Path = "/pending/" + Guid.NewGuid().ToString("N") + "/",
        };
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Units.Add(unit);
        await db.SaveChangesAsync(ct);
        unit.Path = Unit.ChildPath(parent?.Path, unit.Id);
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return unit;
    }

    /// <summary>Moves a unit (and its subtree) under another parent. Refuses to move a unit into its own subtree.</summary>
    public async Task<bool> MoveAsync(Unit unit, Unit newParent, CancellationToken ct)
    {
        if (newParent.Path.StartsWith(unit.Path, StringComparison.Ordinal)) return false;
        var oldPath = unit.Path;
        var newPath = Unit.ChildPath(newParent.Path, unit.Id);
        var depthDelta = newParent.Depth + 1 - unit.Depth;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var subtree = await db.Units.Where(u => u.Path.StartsWith(oldPath)).ToListAsync(ct);
        foreach (var u in subtree)
        {
            u.Path = newPath + u.Path[oldPath.Length..];
            u.Depth += depthDelta;
        }
        unit.ParentId = newParent.Id;
        await db.SaveChangesAsync(ct);
        foreach (var participant in participants ?? [])
            await participant.UnitMovedAsync(unit.Id, Ids(oldPath)[..^1], Ids(newPath)[..^1], ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The ids of a materialized path, root first.</summary>
    public static int[] Ids(string path) =>
        [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
}
