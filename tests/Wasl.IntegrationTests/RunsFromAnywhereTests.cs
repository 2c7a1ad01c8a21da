using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wasl.Tests;

/// <summary>
/// The deployed application as a service manager starts it: a real process, in Production, from a working directory
/// that is not its own (issue 11). It must read its own appsettings.json and serve its own static files.
/// </summary>
public sealed class RunsFromAnywhereTests
{
    [Fact]
    public async Task Started_from_another_directory_the_app_reads_its_settings_and_serves_its_static_files()
    {
        var work = Path.Combine(Path.GetTempPath(), "wasl-tests", "anywhere-" + Guid.NewGuid().ToString("N"));
        var app = Path.Combine(work, "app");
        var elsewhere = Path.Combine(work, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        try
        {
            // What `dotnet publish` lays out, without publishing: the build output holding Wasl.Web, and its wwwroot.
            var built = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
            Copy(built, app);
            Copy(Path.Combine(Root(), "src", "Wasl.Web", "wwwroot"), Path.Combine(app, "wwwroot"));
            // A setting only the app's own appsettings.json gives (the code default is 50,000).
            var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(app, "appsettings.json")))!.AsObject();
            settings["BotChallenge"]!["MaxNumber"] = 12345;
            settings["AllowedHosts"] = "127.0.0.1";
            await File.WriteAllTextAsync(Path.Combine(app, "appsettings.json"), settings.ToJsonString());

            var port = FreePort();
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = elsewhere, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(app, "Wasl.Web.dll"));
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ConnectionStrings__Wasl"] = $"Data Source={Path.Combine(work, "wasl.db")}";
            start.Environment["Files__Root"] = Path.Combine(work, "files");
            start.Environment.Remove("ASPNETCORE_CONTENTROOT");
            start.Environment.Remove("DOTNET_CONTENTROOT");
            using var process = Process.Start(start)!;
            var output = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
                await WaitUntilLiveAsync(http, process, output);

                var css = await http.GetAsync("/css/wasl.css");
                Assert.Equal(HttpStatusCode.OK, css.StatusCode);
                Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/js/wasl.js")).StatusCode);

                using var challenge = JsonDocument.Parse(await http.GetStringAsync("/altcha/challenge"));
                Assert.Equal(12345, challenge.RootElement.GetProperty("maxnumber").GetInt32());

                // Nothing tells a scanner what serves the page.
                var home = await http.GetAsync("/");
                Assert.Equal(HttpStatusCode.OK, home.StatusCode);
                Assert.False(home.Headers.Contains("Server"), "a Server header was sent");
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task WaitUntilLiveAsync(HttpClient http, Process process, System.Text.StringBuilder output)
    {
        var until = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) break;
            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        string log;
        lock (output) log = output.ToString();
        throw new Xunit.Sdk.XunitException("Wasl did not start from another directory:\n" + log);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Wasl.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Wasl.slnx not found above " + AppContext.BaseDirectory);
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from)) Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
