using Wasl.Web.Platform.Localization;

namespace Wasl.UnitTests;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("مُحَمَّد", "محمد")]
    [InlineData("أحمد", "احمد")]
    [InlineData("إبراهيم", "ابراهيم")]
    [InlineData("آمنة", "امنه")]
    [InlineData("ٱلمدرسة", "المدرسه")]
    [InlineData("المـــدرسة", "المدرسه")]
    [InlineData("شكوى", "شكوي")]
    [InlineData("مسؤول", "مسوول")]
    [InlineData("مدرسهٔ", "مدرسه")]
    [InlineData("ﻻ", "لا")]
    [InlineData("طلب ١٢٣٤٥", "طلب 12345")]
    [InlineData("درخواست ۱۲۳", "درخواست 123")]
    [InlineData("School  OF\tRiyadh", "school of riyadh")]
    public void Spelling_variants_fold_to_one_form(string input, string expected) =>
        Assert.Equal(expected, SearchText.Normalize(input));

    [Fact]
    public void Persian_and_arabic_spellings_of_the_same_word_match() =>
        Assert.Equal(SearchText.Normalize("کتابی"), SearchText.Normalize("كتابي"));

    [Fact]
    public void Zero_width_non_joiner_becomes_a_word_break() =>
        Assert.Equal("مي شود", SearchText.Normalize("می\u200Cشود"));

    [Fact]
    public void Bidi_controls_are_removed_so_spoofed_text_matches_plain_text() =>
        Assert.Equal("report", SearchText.Normalize("\u202Ereport\u202C"));
}
