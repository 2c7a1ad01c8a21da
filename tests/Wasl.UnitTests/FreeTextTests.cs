using Wasl.Web.Platform.Security;

namespace Wasl.UnitTests;

/// <summary>Free text from outside loses what breaks storage, XML or display, and keeps everything a person writes.</summary>
public sealed class FreeTextTests
{
    [Theory]
    [InlineData("a\u0000b", "ab")]
    [InlineData("bell\u0007 and escape\u001B[31m", "bell and escape[31m")]
    [InlineData("line one\r\nline two\rline three\nend", "line one\nline two\nline three\nend")]
    [InlineData("tab\tkept", "tab\tkept")]
    [InlineData("\u202Eexe.pdf\u202C", "exe.pdf")]
    [InlineData("\u2066isolated\u2069 \u202Aembedded\u202B", "isolated embedded")]
    [InlineData("del\u007F", "del")]
    [InlineData("non-characters\uFFFE\uFFFF", "non-characters")]
    public void Controls_and_bidi_overrides_are_removed(string raw, string expected) => Assert.Equal(expected, FreeText.Clean(raw));

    [Theory]
    [InlineData("شكوى عن المدرسة، الفصل ٣")]
    [InlineData("نامه\u200Cها")] // zero-width non-joiner: part of Persian spelling
    [InlineData("\u200Fمرحبا\u200E abc")] // the marks (not embeddings) are harmless
    [InlineData("emoji \U0001F600 kept")]
    [InlineData("")]
    public void Ordinary_text_comes_back_as_the_same_string(string text) => Assert.Same(text, FreeText.Clean(text));

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character()
    {
        // Not in InlineData: the test runner's serialization would itself replace a lone surrogate.
        Assert.Equal("lone \uFFFD surrogate", FreeText.Clean("lone " + '\uD800' + " surrogate"));
        Assert.Equal("trailing \uFFFD", FreeText.Clean("trailing " + '\uDC00'));
    }

    [Fact]
    public void Null_passes_through() => Assert.Null(FreeText.CleanOrNull(null));
}
