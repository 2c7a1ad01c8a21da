using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Files;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Modules.Requests;

/// <summary>A file that passed every check, with the type found in its content and its safe display name.</summary>
public sealed record CheckedFile(IFormFile Upload, FileType Type, string FileName);

/// <summary>What lists of attachments show; links carry <see cref="PublicId"/>.</summary>
public sealed record AttachmentView(string PublicId, string FileName, string ContentType, long Size, bool IsPublic, long? EventId, Guid? UploaderId, string? Uploader, DateTimeOffset UploadedAt)
{
    public FileType? Type => FileTypes.ByContentType(ContentType);

    /// <summary>Staff may open raster images in the browser (see AttachmentModel); everything else is a download.</summary>
    public bool CanView => Type?.IsRasterImage == true;

    public string Url => $"/requests/attachments/{PublicId}";
}

/// <summary>
/// Files on requests, for every form that takes them (portal, call center, add information, staff reply and note):
/// checks them by virus scan, content, size and count, each refusal reported by file name on the form's "Files" field; stores the
/// accepted ones before the database transaction and removes them again unless that transaction commits.
/// </summary>
public sealed class RequestAttachments(WaslDbContext db, IFileStore store, IFileScanner scanner, IOptions<FilesOptions> options, IStringLocalizer<SharedResource> t, ILogger<RequestAttachments> logger)
{
    /// <summary>The form field (and model-state key) of the file input.</summary>
    public const string Field = "Files";

    public FilesOptions Limits => options.Value;

    /// <summary>
    /// The files the form really carries (a browser sends an empty, nameless part when none was chosen), checked.
    /// Null when something was refused: the errors are in <paramref name="state"/>.
    /// </summary>
    public async Task<IReadOnlyList<CheckedFile>?> CheckAsync(ModelStateDictionary state, IEnumerable<IFormFile>? files, long? requestId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        var limits = options.Value;
        var present = (files ?? []).Where(f => f.Length > 0 || !string.IsNullOrWhiteSpace(f.FileName)).ToList();
        if (present.Count == 0) return [];
        var ok = true;
        if (present.Count > limits.MaxFilesPerSubmission)
        {
            state.AddModelError(Field, t["Attachments.Rejected.TooMany", limits.MaxFilesPerSubmission]);
            ok = false;
        }
        if (requestId is { } id && await db.Set<RequestAttachment>().CountAsync(a => a.RequestId == id, ct) + present.Count > limits.MaxFilesPerRequest)
        {
            state.AddModelError(Field, t["Attachments.Rejected.RequestFull", limits.MaxFilesPerRequest]);
            ok = false;
        }
        var accepted = new List<CheckedFile>();
        foreach (var file in present)
        {
            var name = FileNames.Sanitize(file.FileName);
            string? error = null;
            if (file.Length == 0) error = t["Attachments.Rejected.Empty", name];
            else if (file.Length > limits.MaxFileBytes) error = t["Attachments.Rejected.TooLarge", name, Megabytes(limits.MaxFileBytes)];
            else
            {
                await using var content = file.OpenReadStream();
                // The virus scan sees every file first, before anything else reads it or anything is stored; a scanner
                // that does not answer refuses the upload (fail closed), with "try again later" on the field.
                ScanVerdict verdict;
                try
                {
                    verdict = await scanner.ScanAsync(content, ct);
                }
                catch (FileStoreUnavailableException)
                {
                    state.AddModelError(Field, t["Attachments.Unavailable"]);
                    return null;
                }
                var type = verdict.IsClean ? FileTypes.Detect(content) : null;
                if (!verdict.IsClean) error = t["Attachments.Rejected.Infected", name];
                else if (type is null) error = t["Attachments.Rejected.Type", name];
                else if (!FileTypes.NameFits(type, name)) error = t["Attachments.Rejected.Extension", name, string.Join(' ', type.Extensions)];
                else accepted.Add(new CheckedFile(file, type, name));
            }
            if (error is null) continue;
            state.AddModelError(Field, error);
            // Refusals are security-relevant (ASVS 16.3.3); the name is logged as a parameter, never spliced into the message.
            logger.LogWarning("Upload refused: {FileName} ({Length} bytes)", name, file.Length);
            ok = false;
        }
        return ok ? accepted : null;
    }

    /// <summary>Copies the checked files into the store; dispose the result without <see cref="StagedFiles.Keep"/> and they are removed.</summary>
    public async Task<StagedFiles> StageAsync(IReadOnlyList<CheckedFile> files, Guid? uploaderId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        var staged = new StagedFiles(store, uploaderId, logger);
        try
        {
            foreach (var file in files)
            {
                await using var content = file.Upload.OpenReadStream();
                var hash = await SHA256.HashDataAsync(content, ct);
                content.Position = 0;
                var key = await store.SaveAsync(content, ct);
                staged.Add(new StagedFile(key, file.FileName, file.Type.ContentType, file.Upload.Length, hash));
            }
            return staged;
        }
        catch
        {
            await staged.DisposeAsync();
            throw;
        }
    }

    /// <summary>A request's attachments in upload order, with who uploaded them; the requester's view passes <paramref name="publicOnly"/>.</summary>
    public static async Task<IReadOnlyList<AttachmentView>> ListAsync(WaslDbContext db, long requestId, bool publicOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Set<RequestAttachment>().AsNoTracking()
            .Where(a => a.RequestId == requestId && (!publicOnly || a.IsPublic))
            .OrderBy(a => a.Id)
            .GroupJoin(db.Users, a => a.UploaderId, u => u.Id, (a, us) => new { a, us })
            .SelectMany(x => x.us.DefaultIfEmpty(), (x, u) => new { x.a, Uploader = u == null ? null : u.FullName })
            .ToListAsync(ct);
        return [.. rows.Select(x => new AttachmentView(x.a.PublicId, x.a.FileName, x.a.ContentType, x.a.Size, x.a.IsPublic, x.a.EventId, x.a.UploaderId,
            publicOnly ? null : x.Uploader, x.a.UploadedAt))];
    }

    private static string Megabytes(long bytes) => (bytes / (1024d * 1024d)).ToString("0.#", CultureInfo.InvariantCulture);
}

public sealed record StagedFile(string Key, string FileName, string ContentType, long Size, byte[] Sha256);

/// <summary>
/// Files already in the store, waiting for the transaction that records them. <see cref="Keep"/> after the commit;
/// otherwise disposing removes them, so a failed or refused action leaves no file behind.
/// </summary>
public sealed class StagedFiles(IFileStore store, Guid? uploaderId, ILogger logger) : IAsyncDisposable
{
    private readonly List<StagedFile> _files = [];
    private bool _kept;

    public IReadOnlyList<StagedFile> Files => _files;

    internal void Add(StagedFile file) => _files.Add(file);

    /// <summary>Adds the attachment rows for this save; the event may be new in the same save (its id is filled in by EF).</summary>
    public void AddTo(WaslDbContext db, long requestId, RequestEvent withEvent, bool isPublic, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(withEvent);
        foreach (var f in _files)
        {
            db.Add(new RequestAttachment
            {
                PublicId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                RequestId = requestId,
                Event = withEvent,
                FileName = f.FileName,
                StorageKey = f.Key,
                ContentType = f.ContentType,
                Size = f.Size,
                Sha256 = f.Sha256,
                IsPublic = isPublic,
                UploaderId = uploaderId,
                UploadedAt = at,
            });
        }
    }

    public void Keep() => _kept = true;

    public async ValueTask DisposeAsync()
    {
        if (_kept) return;
        foreach (var f in _files)
        {
            try
            {
                await store.DeleteAsync(f.Key, CancellationToken.None);
            }
            catch (IOException e)
            {
                // An orphan file costs disk space, not correctness: it has no row and no link reaches it.
                logger.LogWarning(e, "Could not remove an unused stored file {Key}", f.Key);
            }
        }
        _files.Clear();
    }
}

/// <summary>The model of the attachment list partial.</summary>
public sealed record AttachmentListView(string Id, IReadOnlyList<AttachmentView> Items, bool ForStaff);
