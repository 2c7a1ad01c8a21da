using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Wasl.Web.Modules.Requests.Domain;

namespace Wasl.Web.Modules.Requests.Indicators;

/// <summary>
/// Every save that adds, changes or removes a request also writes what that does to the indicators
/// (<see cref="RequestStatChange"/>), in the same transaction: no path that saves a request through EF can forget it.
/// A save that fails takes its change rows back out of the context, so a retried save never counts twice.
/// </summary>
internal sealed class RequestStatsInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    // A lost version race is reported here rather than as a failed save: its change rows go too.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Forget(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Record(DbContext? db)
    {
        if (db is null) return;
        if (db.ChangeTracker.AutoDetectChangesEnabled) db.ChangeTracker.DetectChanges();
        List<RequestStatChange>? changes = null;
        foreach (var entry in db.ChangeTracker.Entries<Request>())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    (changes ??= []).Add(RequestStatChange.Of(entry.Entity, 1));
                    break;
                case EntityState.Modified:
                    var before = RequestStatChange.Of(Original(entry), -1);
                    var after = RequestStatChange.Of(entry.Entity, 1);
                    if (before.CountsLike(after)) break;
                    (changes ??= []).AddRange([before, after]);
                    break;
                case EntityState.Deleted:
                    (changes ??= []).Add(RequestStatChange.Of(Original(entry), -1));
                    break;
            }
        }
        if (changes is not null) db.Set<RequestStatChange>().AddRange(changes);
    }

    /// <summary>The request as it was loaded (what the database holds, since the save is checked by version).</summary>
    private static Request Original(EntityEntry<Request> entry) => (Request)entry.OriginalValues.ToObject();

    private static void Forget(DbContext? db)
    {
        if (db is null) return;
        foreach (var entry in db.ChangeTracker.Entries<RequestStatChange>().Where(e => e.State == EntityState.Added).ToList())
            entry.State = EntityState.Detached;
    }
}
