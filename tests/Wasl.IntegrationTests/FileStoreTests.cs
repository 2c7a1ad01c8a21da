using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Files;

namespace Wasl.Tests;

/// <summary>
/// What every file store promises (issue 12, point 3), proven on the disk store and on the S3 store against a real S3
/// server (s3rver): content back byte for byte, random keys, unknown and malformed keys answered null, deleting twice
/// harmless; and for S3, an unreachable store fails with <see cref="FileStoreUnavailableException"/>, not something else.
/// </summary>
public abstract class FileStoreTests : IAsyncLifetime
{
    private protected IFileStore Store { get; private set; } = null!;

    private protected abstract Task<IFileStore> CreateAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateAsync();

    public async Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        await CleanUpAsync();
    }

    [Fact]
    public async Task Content_comes_back_byte_for_byte_under_a_random_key()
    {
        // Larger than one buffer of either side, so that streaming in pieces is exercised.
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var key = await Store.SaveAsync(new MemoryStream(content), CancellationToken.None);
        var other = await Store.SaveAsync(new MemoryStream(content), CancellationToken.None);
        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.NotEqual(key, other);
        await using var read = await Store.OpenReadAsync(key, CancellationToken.None);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Unknown_and_malformed_keys_are_null_and_deleting_twice_is_harmless()
    {
        Assert.Null(await Store.OpenReadAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), CancellationToken.None));
        foreach (var bad in new[] { "", "../../etc/passwd", "ABCDEF0123456789ABCDEF0123456789", "0123456789abcdef0123456789abcdef/../x" })
            Assert.Null(await Store.OpenReadAsync(bad, CancellationToken.None));
        var key = await Store.SaveAsync(new MemoryStream("%PDF-1.7 تقرير"u8.ToArray()), CancellationToken.None);
        await Store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await Store.OpenReadAsync(key, CancellationToken.None));
        await Store.DeleteAsync(key, CancellationToken.None);
    }
}

public sealed class FileStoreTestsOnDisk : FileStoreTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wasl-tests", "store-" + Guid.NewGuid().ToString("N"));

    private protected override Task<IFileStore> CreateAsync() =>
        Task.FromResult<IFileStore>(new LocalDiskFileStore(Options.Create(new FilesOptions { Root = _root }), new Environment()));

    protected override Task CleanUpAsync()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private sealed class Environment : IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = "";
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ApplicationName { get; set; } = "Wasl.Web";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public string EnvironmentName { get; set; } = "Development";
    }
}

public sealed class FileStoreTestsOnS3 : FileStoreTests
{
    private S3Server? _server;

    internal static S3FileStore Create(S3Server server, ILogger<S3FileStore>? logger = null, string? serviceUrl = null, long maxFileBytes = 10 * 1024 * 1024) =>
        new(Options.Create(new FilesOptions
        {
            Store = FileStoreKind.S3,
            MaxFileBytes = maxFileBytes,
            S3 = new S3StoreOptions
            {
                ServiceUrl = serviceUrl ?? server.ServiceUrl,
                Bucket = server.Bucket,
                AccessKey = S3Server.AccessKey,
                SecretKey = S3Server.SecretKey,
                TimeoutSeconds = 3,
            },
        }), logger ?? NullLogger<S3FileStore>.Instance);

    private protected override async Task<IFileStore> CreateAsync()
    {
        _server = await S3Server.StartAsync();
        return Create(_server);
    }

    protected override async Task CleanUpAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task Objects_are_in_the_bucket_under_their_keys_and_deleted_from_it()
    {
        var key = await Store.SaveAsync(new MemoryStream(SampleFiles.Pdf("s3")), CancellationToken.None);
        Assert.Equal([key], await _server!.KeysAsync());
        await Store.DeleteAsync(key, CancellationToken.None);
        Assert.Empty(await _server.KeysAsync());
    }

    [Fact]
    public async Task Content_beyond_the_largest_file_is_refused_before_anything_is_sent()
    {
        using var store = Create(_server!, maxFileBytes: 1000);
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(new MemoryStream(new byte[1001]), CancellationToken.None));
        Assert.Empty(await _server!.KeysAsync());
    }

    [Fact]
    public async Task An_unreachable_store_fails_as_unavailable_and_is_logged()
    {
        var logger = new ListLogger<S3FileStore>();
        using var store = Create(_server!, logger, $"http://127.0.0.1:{ClosedPort()}");
        await Assert.ThrowsAsync<FileStoreUnavailableException>(() => store.SaveAsync(new MemoryStream(SampleFiles.Pdf()), CancellationToken.None));
        await Assert.ThrowsAsync<FileStoreUnavailableException>(() => store.OpenReadAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), CancellationToken.None));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task An_unknown_access_key_fails_as_unavailable_not_as_a_missing_file()
    {
        using var store = new S3FileStore(Options.Create(new FilesOptions
        {
            Store = FileStoreKind.S3,
            S3 = new S3StoreOptions { ServiceUrl = _server!.ServiceUrl, Bucket = _server.Bucket, AccessKey = "NOT-A-KEY", SecretKey = S3Server.SecretKey, TimeoutSeconds = 3 },
        }), NullLogger<S3FileStore>.Instance);
        await Assert.ThrowsAsync<FileStoreUnavailableException>(() => store.SaveAsync(new MemoryStream(SampleFiles.Pdf()), CancellationToken.None));
        await Assert.ThrowsAsync<FileStoreUnavailableException>(() => store.OpenReadAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), CancellationToken.None));
    }

    /// <summary>A port nothing listens on: bound, read, released.</summary>
    internal static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>The clamd scanner against the stand-in that speaks clamd's INSTREAM protocol (a real clamd cannot run here, see ClamdStandIn).</summary>
public sealed class ClamdScannerTests : IAsyncLifetime
{
    private readonly ClamdStandIn _clamd = new();
    private readonly ListLogger<ClamdFileScanner> _log = new();

    private ClamdFileScanner Scanner(int? port = null) =>
        new(Options.Create(new FilesOptions { Scanner = FileScannerKind.Clamd, Clamd = new ClamdOptions { Host = "127.0.0.1", Port = port ?? _clamd.Port, TimeoutSeconds = 3 } }), _log);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _clamd.DisposeAsync();

    [Fact]
    public async Task The_EICAR_test_file_is_found_and_named()
    {
        using var content = new MemoryStream(ClamdStandIn.Eicar());
        var verdict = await Scanner().ScanAsync(content, CancellationToken.None);
        Assert.False(verdict.IsClean);
        Assert.Equal("Eicar-Test-Signature", verdict.Threat);
        Assert.Equal(0, content.Position);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Eicar-Test-Signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_clean_file_of_several_chunks_passes_whole()
    {
        // Several 64 KB chunks: all of it reaches the scanner, in one stream, and it is clean.
        var content = RandomNumberGenerator.GetBytes(300_000);
        var verdict = await Scanner().ScanAsync(new MemoryStream(content), CancellationToken.None);
        Assert.True(verdict.IsClean);
        Assert.Equal(1, _clamd.Scans);
    }

    [Fact]
    public async Task EICAR_across_a_chunk_boundary_is_still_found()
    {
        var eicar = ClamdStandIn.Eicar();
        var content = new byte[64 * 1024 + 100];
        eicar.CopyTo(content, 64 * 1024 - 20);
        Assert.False((await Scanner().ScanAsync(new MemoryStream(content), CancellationToken.None)).IsClean);
    }

    [Fact]
    public async Task A_scanner_that_is_down_fails_closed_and_is_logged()
    {
        await Assert.ThrowsAsync<FileStoreUnavailableException>(() => Scanner(FileStoreTestsOnS3.ClosedPort()).ScanAsync(new MemoryStream(SampleFiles.Pdf()), CancellationToken.None));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("did not answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_scanner_that_never_answers_times_out_closed()
    {
        // Accepts the connection and reads, but never replies.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            var scanner = new ClamdFileScanner(Options.Create(new FilesOptions { Clamd = new ClamdOptions { Host = "127.0.0.1", Port = port, TimeoutSeconds = 1 } }), _log);
            var started = System.Diagnostics.Stopwatch.StartNew();
            await Assert.ThrowsAsync<FileStoreUnavailableException>(() => scanner.ScanAsync(new MemoryStream(SampleFiles.Pdf()), CancellationToken.None));
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        }
        finally
        {
            silent.Stop();
        }
    }
}

/// <summary>Collects log entries, to prove that a failure was logged.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries) return [.. _entries];
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
    }
}
