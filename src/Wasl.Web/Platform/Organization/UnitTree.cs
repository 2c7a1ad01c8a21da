using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Organization;

/// <summary>Changes to the tree that keep the materialized paths right.</summary>
public sealed class UnitTree(WaslDbContext db)
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
        await tx.CommitAsync(ct);
        return true;
    }
}
