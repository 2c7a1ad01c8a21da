using System.Globalization;
using Npgsql;
using Wasl.Bench;

// The bench's commands; bench/run.sh calls them in order. Every option has a default so a quick try is one line.
//   generate --conn CS [--requests N] [--seed S]
//   indicators --conn CS [--out DIR]   (the app's RequestStatsFolder.RebuildAsync: the aggregates the indicator scenarios read)
//   queries  --conn CS [--iterations 200] [--warmup 20] [--budget-seconds 60] [--only PREFIX,…] [--out DIR]
//   sweep    --conn CS [--due 10000] [--out DIR]   (run last: it makes every request open)
//   export   --url http://127.0.0.1:PORT --conn CS [--rows 100000] [--app-pid PID] [--out DIR]
//   load     --url http://127.0.0.1:PORT --key KEY --conn CS [--clients 1] [--seconds 20] [--max-requests N] [--warmup 200] [--tsv FILE] [--app-pid PID --pg-pid POSTMASTER --hz 100]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Wasl.Bench generate|indicators|queries|load|sweep|export [--option value]…  (see bench/README.md)");
    return 2;
}
var options = Options(args[1..]);
string Get(string name, string? fallback = null) =>
    options.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");
int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

switch (args[0])
{
    case "generate":
        await Generator.RunAsync(Get("conn"), GetInt("requests", 1_000_000), GetInt("seed", 2026));
        return 0;
    case "indicators":
        await IndicatorsBench.RunAsync(Get("conn"), Get("out", "bench/results"));
        return 0;
    case "queries":
        QueryBench.BudgetSeconds = GetInt("budget-seconds", 60);
        QueryBench.Only = Get("only", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await QueryBench.RunAsync(Get("conn"), GetInt("iterations", 200), GetInt("warmup", 20), Get("out", "bench/results"));
        return 0;
    case "sweep":
        await SweepBench.RunAsync(Get("conn"), GetInt("due", 10_000), Get("out", "bench/results"));
        return 0;
    case "export":
        return await ExportBench.RunAsync(new Uri(Get("url")), Get("conn"), GetInt("rows", 100_000), options.ContainsKey("app-pid") ? GetInt("app-pid", 0) : null, Get("out", "bench/results"));
    case "load":
        {
            List<int> schools = [];
            await using (var dataSource = NpgsqlDataSource.Create(Get("conn")))
            await using (var cmd = dataSource.CreateCommand("""SELECT "Id" FROM "Units" WHERE "Depth" = 2 ORDER BY "Id" """))
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) schools.Add(reader.GetInt32(0));
            }
            var result = await LoadDriver.RunAsync(new Uri(Get("url")), Get("key"), GetInt("clients", 1), GetInt("seconds", 20),
                GetInt("max-requests", 200_000), schools, GetInt("warmup", 200),
            new LoadDriver.CpuProbe(options.ContainsKey("app-pid") ? GetInt("app-pid", 0) : null, options.ContainsKey("pg-pid") ? GetInt("pg-pid", 0) : null, GetInt("hz", 100)));
            Console.WriteLine(LoadDriver.Format(result));
            if (options.TryGetValue("tsv", out var tsv)) await File.AppendAllTextAsync(tsv, LoadDriver.Tsv(result) + Environment.NewLine);
            return result.Ok > 0 ? 0 : 1;
        }
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}

static Dictionary<string, string> Options(string[] args)
{
    var map = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected --option, got {args[i]}");
        map[args[i][2..]] = args[i + 1];
    }
    return map;
}
