using System.Reflection;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Wasl.Web.Platform.Security;

/// <summary>
/// The one cleaning of free text from outside, before any module sees it: C0 control characters are removed (tab and
/// line feed kept; CR LF and a lone CR become LF), and so are the bidi embedding, override and isolate controls
/// (U+202A–U+202E, U+2066–U+2069) that make text display other than it reads. Also removed what no XML document may
/// hold (DEL, U+FFFE, U+FFFF; a lone surrogate becomes U+FFFD). Without this a NUL makes PostgreSQL refuse the row
/// (a 500) and a U+0001 makes every Open311 XML answer holding the row throw. Pages get it through
/// <see cref="FreeTextModelBinderProvider"/>, the JSON API through <see cref="FreeTextJson"/>, and code that reads a
/// form by hand calls <see cref="Clean"/>.
/// </summary>
internal static class FreeText
{
    /// <summary>The cleaned text; the same instance when nothing had to change (the common case costs one scan).</summary>
    public static string Clean(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var i = 0;
        while (i < value.Length && Keeps(value, i)) i++;
        if (i == value.Length) return value;
        var sb = new StringBuilder(value.Length);
        sb.Append(value, 0, i);
        for (; i < value.Length; i++)
        {
            var ch = value[i];
            if (Keeps(value, i)) sb.Append(ch);
            else if (ch == '\r')
            {
                if (i + 1 >= value.Length || value[i + 1] != '\n') sb.Append('\n');
            }
            else if (char.IsSurrogate(ch)) sb.Append('\uFFFD');
        }
        return sb.ToString();
    }

    /// <summary><see cref="Clean(string)"/> that lets null through.</summary>
    public static string? CleanOrNull(string? value) => value is null ? null : Clean(value);

    private static bool Keeps(string s, int i)
    {
        var ch = s[i];
        if (ch < ' ') return ch is '\t' or '\n';
        if (ch < '\u007F') return true;
        if (ch == '\u007F' || ch is >= '\u202A' and <= '\u202E' || ch is >= '\u2066' and <= '\u2069' || ch is '\uFFFE' or '\uFFFF') return false;
        if (char.IsHighSurrogate(ch)) return i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
        if (char.IsLowSurrogate(ch)) return i > 0 && char.IsHighSurrogate(s[i - 1]);
        return true;
    }
}

/// <summary>Every string a page binds (form fields, query, route) goes through <see cref="FreeText.Clean"/>; passwords excepted, they are compared, never shown or stored.</summary>
internal sealed class FreeTextModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Metadata.ModelType != typeof(string) || context.Metadata.DataTypeName == nameof(System.ComponentModel.DataAnnotations.DataType.Password)) return null;
        // Form fields, query and route values; a body or a header keeps its own binder.
        if (context.BindingInfo.BindingSource == BindingSource.Body || context.BindingInfo.BindingSource == BindingSource.Header) return null;
        return new FreeTextModelBinder(new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>()));
    }

    private sealed class FreeTextModelBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (!bindingContext.Result.IsModelSet || bindingContext.Result.Model is not string raw) return;
            var clean = FreeText.Clean(raw);
            if (ReferenceEquals(clean, raw)) return;
            bindingContext.Result = ModelBindingResult.Success(clean);
            // A redisplayed form shows the cleaned text, not the raw one.
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, clean, clean);
        }
    }
}

/// <summary>
/// The JSON API's bodies: after an object is read, each of its string properties is cleaned. A type-info modifier
/// rather than a JsonConverter&lt;string&gt;, because the OpenAPI document's schema generator describes any type with
/// a custom converter as "anything", and every string of the API would lose its type there.
/// </summary>
internal static class FreeTextJson
{
    public static void Modify(JsonTypeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var strings = info.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) && p.CanRead && p.SetMethod is not null && p.GetIndexParameters().Length == 0)
            .ToArray();
        if (strings.Length == 0) return;
        var previous = info.OnDeserialized;
        info.OnDeserialized = obj =>
        {
            foreach (var p in strings)
            {
                // Records' init-only setters are ordinary setters to reflection: the object is still being built here.
                if (p.GetValue(obj) is string raw && !ReferenceEquals(FreeText.Clean(raw), raw)) p.SetValue(obj, FreeText.Clean(raw));
            }
            previous?.Invoke(obj);
        };
    }
}
