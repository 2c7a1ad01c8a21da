using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Files;

/// <summary>
/// Keeps file contents under opaque keys the store draws itself. Nothing about a key comes from a person: not the name
/// they gave the file, not an id they could guess. Local disk by default; an S3-compatible store when several nodes
/// share the files (Files:Store, docs/adr/0011). A store that cannot be reached throws <see cref="FileStoreUnavailableException"/>.
/// </summary>
internal interface IFileStore
{
    /// <summary>Copies the stream (from its current position) into the store and returns its new random key.</summary>
    Task<string> SaveAsync(Stream content, CancellationToken ct);

    /// <summary>The stored content, or null when the key is unknown (or malformed).</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Removes the content; a key that is already gone is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

/// <summary>
/// Files on the local disk under the configured root, fanned out by the first characters of the key. A file is
/// written to a temporary name first and moved into place when complete, so a reader never sees half a file.
/// </summary>
internal sealed class LocalDiskFileStore : IFileStore
{
    private readonly string _root;
    private readonly string _temp;

    public LocalDiskFileStore(IOptions<FilesOptions> options, IWebHostEnvironment environment)
    {
        _root = Path.GetFullPath(string.IsNullOrWhiteSpace(options.Value.Root)
            ? Path.Combine(environment.ContentRootPath, "data", "files")
            : options.Value.Root);
        _temp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(_temp);
    }

    public async Task<string> SaveAsync(Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = StorageKeys.New();
        var partial = Path.Combine(_temp, key + ".part");
        try
        {
            await using (var file = new FileStream(partial, WriteOptions()))
            {
                await content.CopyToAsync(file, ct);
                await file.FlushAsync(ct);
            }
            var final = PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(partial, final, overwrite: false);
            return key;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        if (!StorageKeys.IsKey(key)) return Task.FromResult<Stream?>(null);
        try
        {
            Stream stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        if (StorageKeys.IsKey(key)) File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private static FileStreamOptions WriteOptions()
    {
        var o = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous, BufferSize = 64 * 1024 };
        // Readable by the application's account only.
        if (!OperatingSystem.IsWindows()) o.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return o;
    }

    // Only keys this store drew (32 lower-case hex characters) ever become a path.
    private string PathOf(string key) => Path.Combine(_root, key[..2], key[2..4], key);

}

/// <summary>The keys every store draws: 128 random bits as 32 lower-case hex characters, and nothing else is ever a key.</summary>
internal static partial class StorageKeys
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex KeyPattern();
}
