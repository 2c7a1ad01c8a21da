using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Wasl.Web.Platform.Shell;

/// <summary>
/// A field the server refused says so to assistive technology, not only with a colour: every input, select and
/// textarea bound with <c>asp-for</c> that carries the framework's <c>input-validation-error</c> class (set from the
/// model state) also gets <c>aria-invalid="true"</c>. Runs after the framework's own tag helpers, which add that class.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class AriaInvalidTagHelper : TagHelper
{
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Attributes.ContainsName("aria-invalid")) return;
        if (output.Attributes.TryGetAttribute("class", out var css) && Text(css.Value)?.Contains("input-validation-error", StringComparison.Ordinal) == true)
            output.Attributes.SetAttribute("aria-invalid", "true");
    }

    /// <summary>An attribute's value as text: the framework merges classes into HTML content, not a string.</summary>
    private static string? Text(object? value)
    {
        if (value is not Microsoft.AspNetCore.Html.IHtmlContent html) return value?.ToString();
        using var writer = new StringWriter();
        html.WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        return writer.ToString();
    }
}
