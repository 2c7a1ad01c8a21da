using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Notifications;
using Wasl.Web.Platform.Security.ApiClients;

namespace Wasl.Tests;

/// <summary>
/// The notice must survive the process (issue 4 acceptance): Wasl runs as its own operating-system process on
/// PostgreSQL; a request is filed over HTTP and committed with its receipt in the outbox; the process is killed
/// (SIGKILL) before its dispatcher sends; a new process starts and the receipt is sent exactly once.
/// </summary>
public sealed class CrashTests
{
    private sealed class WaslProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _log = new();

        private WaslProcess(Process process, string url)
        {
            _process = process;
            Url = url;
        }

        public string Url { get; }

        public string Log
        {
            get { lock (_log) return _log.ToString(); }
        }

        public static async Task<WaslProcess> StartAsync(string connection, int smtpPort, int pollSeconds)
        {
            var port = FreePort();
            var url = $"http://127.0.0.1:{port}";
            var dll = Path.Combine(AppContext.BaseDirectory, "Wasl.Web.dll");
            var info = new ProcessStartInfo("dotnet", [dll])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            info.Environment["ASPNETCORE_URLS"] = url;
            info.Environment["Database__Provider"] = "PostgreSQL";
            info.Environment["ConnectionStrings__Wasl"] = connection;
            info.Environment["Demo__Seed"] = "false";
            info.Environment["Files__Root"] = Path.Combine(Path.GetTempPath(), "wasl-tests", "crash-" + Guid.NewGuid().ToString("N"));
            info.Environment["Notifications__Smtp__Host"] = "127.0.0.1";
            info.Environment["Notifications__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["Notifications__Smtp__From"] = "no-reply@wasl.example";
            info.Environment["Notifications__Dispatcher__PollSeconds"] = pollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            info.Environment["Deadlines__SweeperEnabled"] = "false";
            var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
            var wasl = new WaslProcess(process, url);
            process.OutputDataReceived += (_, e) => { lock (wasl._log) wasl._log.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (wasl._log) wasl._log.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var http = new HttpClient();
            for (var deadline = DateTime.UtcNow.AddSeconds(60); ;)
            {
                if (process.HasExited) throw new InvalidOperationException("Wasl exited at start:\n" + wasl.Log);
                try
                {
                    if ((await http.GetAsync(url + "/health/live")).IsSuccessStatusCode) return wasl;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException("Wasl did not answer in 60 s:\n" + wasl.Log);
                await Task.Delay(200);
            }
        }

        /// <summary>SIGKILL: no shutdown hooks, no flushing, no chance to send anything.</summary>
        public async Task KillAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) await KillAsync();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    [SkippableFact]
    public async Task A_receipt_committed_before_the_process_is_killed_is_sent_exactly_once_after_restart()
    {
        TestDatabases.RequirePostgres();
        await using var sink = await SmtpSink.StartAsync();
        var connection = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSQL, "crash");
        string key;
        // The deployment: schema, demo organization and an API key, prepared by a first node that then stops.
        await using (var setup = new WaslAppFactory(DatabaseProvider.PostgreSQL, connection))
        {
            using var scope = setup.Services.CreateScope();
            key = (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("تطبيق الجوال", CancellationToken.None)).Key;
        }

        string number;
        // Node A: its dispatcher ran once at start and now waits an hour, so the receipt stays in the outbox when A dies.
        await using (var a = await WaslProcess.StartAsync(connection, sink.Port, pollSeconds: 3600))
        {
            using var api = new HttpClient { BaseAddress = new Uri(a.Url) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ar");
            var created = await api.PostAsJsonAsync("/api/v1/requests", new
            {
                type = "complaint",
                subject = "انقطاع الكهرباء في المدرسة",
                description = "انقطعت الكهرباء عن الفصول منذ الصباح.",
                requester = new { name = "ولي أمر", mobile = "0551234567", email = "crash.parent@example.org", role = "Parent" },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            number = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;
            await a.KillAsync();
        }

        await using var check = new WaslAppFactory(DatabaseProvider.PostgreSQL, connection);
        using (var scope = check.Services.CreateScope())
        {
            var pending = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Recipient == "crash.parent@example.org");
            Assert.Equal(OutboxStatus.Pending, pending.Status);
            Assert.Equal(0, pending.Attempts);
        }
        Assert.Empty(sink.Messages);

        // Node B starts after the crash: its dispatcher finds the receipt and sends it, once.
        await using (var b = await WaslProcess.StartAsync(connection, sink.Port, pollSeconds: 1))
        {
            var mail = await sink.WaitForAsync(m => m.To.Contains("crash.parent@example.org"), TimeSpan.FromSeconds(30));
            Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(3)); // three more polls: nothing else may leave
            Assert.Single(sink.Messages, m => m.To.Contains("crash.parent@example.org"));
        }
        using (var scope = check.Services.CreateScope())
        {
            var sent = await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Recipient == "crash.parent@example.org");
            Assert.Equal(OutboxStatus.Sent, sent.Status);
            Assert.Equal(1, sent.Attempts);
        }
    }
}
