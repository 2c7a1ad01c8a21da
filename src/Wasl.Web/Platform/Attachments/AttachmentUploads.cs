using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Files;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Attachments;

/// <summary>A file that passed every check, with the type found in its content and its safe display name.</summary>
internal sealed record CheckedFile(IFormFile Upload, FileType Type, string FileName);

/// <summary>What lists of attachments show; links carry <see cref="PublicId"/>.</summary>
internal sealed record AttachmentView(string PublicId, string FileName, string ContentType, long Size, bool IsPublic, long? EventId, Guid? UploaderId, string? Uploader, DateTimeOffset UploadedAt)
{
    public FileType? Type => FileTypes.ByContentType(ContentType);

    /// <summary>Staff may open raster images in the browser (see AttachmentModel); everything else is a download.</summary>
    public bool CanView => Type?.IsRasterImage == true;

    /// <summary>The download address: under the owning module's segment (<see cref="IAttachmentOwner.PathSegment"/>).</summary>
    public string Url => $"/{PathSegment}/attachments/{PublicId}";

    public string PathSegment { get; init; } = "";
}

/// <summary>
/// Files for every form that takes them (for requests: portal, call center, add information, staff reply and note):
/// checks them by content, size and count, each refusal reported by file name on the form's "Files" field; stores the
/// accepted ones before the database transaction and removes them again unless that transaction commits.
/// </summary>
internal sealed class AttachmentUploads(IFileStore store, IFileScanner scanner, IOptions<FilesOptions> options, IStringLocalizer<SharedResource> t, ILogger<AttachmentUploads> logger)
{
    /// <summary>The form field (and model-state key) of the file input.</summary>
    public const string Field = "Files";

    public FilesOptions Limits => options.Value;

    /// <summary>
    /// The files the form really carries (a browser sends an empty, nameless part when none was chosen), checked.
    /// Null when something was refused: the errors are in <paramref name="state"/>.
    /// </summary>
    /// <param name="ownerFiles">The owner's files so far (null for a new owner): with these, at most FilesOptions.MaxFilesPerRequest.</param>
    public async Task<IReadOnlyList<CheckedFile>?> CheckAsync<TAttachment>(ModelStateDictionary state, IEnumerable<IFormFile>? files, IQueryable<TAttachment>? ownerFiles, CancellationToken ct)
        where TAttachment : Attachment
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
        if (ownerFiles is not null && await ownerFiles.CountAsync(ct) + present.Count > limits.MaxFilesPerRequest)
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

    /// <summary>An owner's attachments (<paramref name="ofOwner"/>) in upload order, with who uploaded them; the requester's view passes <paramref name="publicOnly"/>.</summary>
    public static async Task<IReadOnlyList<AttachmentView>> ListAsync<TAttachment>(WaslDbContext db, IQueryable<TAttachment> ofOwner, string pathSegment, bool publicOnly, CancellationToken ct)
        where TAttachment : Attachment
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await ofOwner.AsNoTracking()
            .Where(a => !publicOnly || a.IsPublic)
            .OrderBy(a => a.Id)
            .GroupJoin(db.Users, a => a.UploaderId, u => u.Id, (a, us) => new { a, us })
            .SelectMany(x => x.us.DefaultIfEmpty(), (x, u) => new { x.a, Uploader = u == null ? null : u.FullName })
            .ToListAsync(ct);
        return [.. rows.Select(x => new AttachmentView(x.a.PublicId, x.a.FileName, x.a.ContentType, x.a.Size, x.a.IsPublic, x.a.EventId, x.a.UploaderId,
            publicOnly ? null : x.Uploader, x.a.UploadedAt) { PathSegment = pathSegment })];
    }

    private static string Megabytes(long bytes) => (bytes / (1024d * 1024d)).ToString("0.#", CultureInfo.InvariantCulture);
}

internal sealed record StagedFile(string Key, string FileName, string ContentType, long Size, byte[] Sha256);

/// <summary>
/// Files already in the store, waiting for the transaction that records them. <see cref="Keep"/> after the commit;
/// otherwise disposing removes them, so a failed or refused action leaves no file behind.
/// </summary>
internal sealed class StagedFiles(IFileStore store, Guid? uploaderId, ILogger logger) : IAsyncDisposable
{
    private readonly List<StagedFile> _files = [];
    private bool _kept;

    public IReadOnlyList<StagedFile> Files => _files;

    internal void Add(StagedFile file) => _files.Add(file);

    /// <summary>
    /// Adds the attachment rows for this save: <paramref name="row"/> makes the module's row with its owner and event set
    /// (the event may be new in the same save: its id is filled in by EF); the common columns are filled in here.
    /// </summary>
    public void AddTo<TAttachment>(WaslDbContext db, Func<TAttachment> row, bool isPublic, DateTimeOffset at)
        where TAttachment : Attachment
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(row);
        foreach (var f in _files)
        {
            var a = row();
            a.PublicId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            a.FileName = f.FileName;
            a.StorageKey = f.Key;
            a.ContentType = f.ContentType;
            a.Size = f.Size;
            a.Sha256 = f.Sha256;
            a.IsPublic = isPublic;
            a.UploaderId = uploaderId;
            a.UploadedAt = at;
            db.Add(a);
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
internal sealed record AttachmentListView(string Id, IReadOnlyList<AttachmentView> Items, bool ForStaff);
