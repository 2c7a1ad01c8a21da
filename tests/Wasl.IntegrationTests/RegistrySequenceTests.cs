using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.References;
using Xunit.Abstractions;

namespace Wasl.Tests;

/// <summary>
/// Gap-free registry numbers (issue 12 acceptance): many writers, each number taken in its own transaction and some
/// of those transactions rolled back on purpose, commit exactly 1..N for one unit and year. On PostgreSQL the writers
/// run on two application nodes over one database; on SQLite on one node.
/// </summary>
public abstract class RegistrySequenceTests(DatabaseProvider provider, ITestOutputHelper output)
{
    private const string Kind = "Test.Outgoing";
    private const int Year = 2027;

    private void Require()
    {
        if (provider == DatabaseProvider.PostgreSQL) TestDatabases.RequirePostgres();
    }

    private static async Task<long> TakeAsync(WaslAppFactory app, string kind, int unit, int year, bool commit)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var number = await scope.ServiceProvider.GetRequiredService<RegistrySequences>().NextAsync(kind, unit, year, CancellationToken.None);
        if (commit) await tx.CommitAsync();
        else await tx.RollbackAsync();
        return number;
    }

    private static async Task<int[]> UnitsAsync(WaslAppFactory app, int count)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.OrderBy(u => u.Id).Select(u => u.Id).Take(count).ToArrayAsync();
    }

    [SkippableFact]
    public async Task Concurrent_writers_on_every_node_commit_exactly_one_to_n()
    {
        Require();
        // SQLite writes one commit at a time to one file: fewer numbers keep it within a minute on a busy machine.
        var total = provider == DatabaseProvider.PostgreSQL ? 10_000 : 2_000;
        var nodes = provider == DatabaseProvider.PostgreSQL ? 2 : 1;
        var tasksPerNode = provider == DatabaseProvider.PostgreSQL ? 12 : 4;
        var connection = await TestDatabases.CreateAsync(provider, "registry");
        // SQLite's writers queue on the file lock without a fair order: on a loaded machine one may wait longer than the 30 s default.
        if (provider == DatabaseProvider.Sqlite) connection += ";Default Timeout=120";
        var apps = new List<WaslAppFactory>();
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                var app = new WaslAppFactory(provider, connection);
                _ = app.Server;
                apps.Add(app);
            }
            var unit = (await UnitsAsync(apps[0], 1))[0];
            var committed = new ConcurrentBag<long>();
            var rolledBack = new ConcurrentBag<long>();
            var slots = total;
            var watch = Stopwatch.StartNew();
            var writers = apps.SelectMany((app, n) => Enumerable.Range(0, tasksPerNode).Select(t => Task.Run(async () =>
            {
                var random = new Random(n * 100 + t);
                while (Interlocked.Decrement(ref slots) >= 0)
                {
                    // About one document in ten is abandoned after taking its number; the slot is retried until one commits.
                    while (random.Next(10) == 0) rolledBack.Add(await TakeAsync(app, Kind, unit, Year, commit: false));
                    committed.Add(await TakeAsync(app, Kind, unit, Year, commit: true));
                }
            }))).ToList();
            await Task.WhenAll(writers);
            output.WriteLine($"{provider}: {total} numbers committed and {rolledBack.Count} rolled back by {nodes}×{tasksPerNode} writers in {watch.Elapsed.TotalSeconds:0.0} s");

            Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), committed.Order());
            Assert.NotEmpty(rolledBack);
            // A number given back by a rollback went to the next document.
            Assert.All(rolledBack, n => Assert.InRange(n, 1, total));
            using var scope = apps[^1].Services.CreateScope();
            var row = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<RegistrySequence>().AsNoTracking().SingleAsync();
            Assert.Equal((unit, Year, Kind, (long)total), (row.UnitId, row.Year, row.Kind, row.Last));
        }
        finally
        {
            foreach (var app in apps) await app.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Each_unit_year_and_kind_counts_on_its_own_and_a_number_needs_a_transaction()
    {
        Require();
        var connection = await TestDatabases.CreateAsync(provider, "registry-kinds");
        await using var app = new WaslAppFactory(provider, connection);
        _ = app.Server;
        var units = await UnitsAsync(app, 2);

        Assert.Equal(1, await TakeAsync(app, "Out", units[0], 2027, commit: true));
        Assert.Equal(2, await TakeAsync(app, "Out", units[0], 2027, commit: true));
        Assert.Equal(3, await TakeAsync(app, "Out", units[0], 2027, commit: false));
        Assert.Equal(3, await TakeAsync(app, "Out", units[0], 2027, commit: true));
        Assert.Equal(1, await TakeAsync(app, "In", units[0], 2027, commit: true));
        Assert.Equal(1, await TakeAsync(app, "Out", units[1], 2027, commit: true));
        Assert.Equal(1, await TakeAsync(app, "Out", units[0], 2028, commit: true));
        // A counter created by a rolled-back first use is gone with it: the next first use starts at 1 again.
        Assert.Equal(1, await TakeAsync(app, "Out", units[1], 2029, commit: false));
        Assert.Equal(1, await TakeAsync(app, "Out", units[1], 2029, commit: true));

        await using var scope = app.Services.CreateAsyncScope();
        var sequences = scope.ServiceProvider.GetRequiredService<RegistrySequences>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => sequences.NextAsync("Out", units[0], 2027, CancellationToken.None));
        Assert.Equal("RIY-S1/2027/42", new RegistryNumber("RIY-S1", 2027, 42).ToString());
    }
}

public sealed class RegistrySequenceTestsOnSqlite(ITestOutputHelper output) : RegistrySequenceTests(DatabaseProvider.Sqlite, output);

public sealed class RegistrySequenceTestsOnPostgres(ITestOutputHelper output) : RegistrySequenceTests(DatabaseProvider.PostgreSQL, output);
