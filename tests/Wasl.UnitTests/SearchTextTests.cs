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
    [InlineData("مسؤول", "مسءول")]
    [InlineData("مسئول", "مسءول")]
    [InlineData("شئون", "شءون")]
    [InlineData("شؤون", "شءون")]
    [InlineData("رئيس", "رءيس")]
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
    public void Zero_width_non_joiner_joins_so_the_word_matches_its_spelling_without_it() =>
        Assert.Equal(SearchText.Normalize("میشود"), SearchText.Normalize("می\u200Cشود"));

    [Fact]
    public void Hamza_seats_of_the_same_word_give_the_same_query_term() =>
        Assert.Equal(SearchText.QueryTerms("المسئول"), SearchText.QueryTerms("مسؤول"));

    [Fact]
    public void A_word_with_a_non_joiner_is_indexed_whole_and_in_its_parts()
    {
        var indexed = SearchText.IndexForm("نامه\u200Cها رسید", null).Split(' ');
        Assert.Contains(SearchText.QueryTerms("نامهها").Single(), indexed);
        Assert.All(SearchText.QueryTerms("نامه ها"), term => Assert.Contains(term, indexed));
        Assert.Contains("رسيد", indexed);
        Assert.Equal("abc", SearchText.IndexForm("abc"));
    }

    [Fact]
    public void Bidi_controls_are_removed_so_spoofed_text_matches_plain_text() =>
        Assert.Equal("report", SearchText.Normalize("\u202Ereport\u202C"));

    [Theory]
    [InlineData("المدرسة", "مدرسه")]
    [InlineData("بالمدرسة", "مدرسه")]
    [InlineData("والمدارس", "مدارس")]
    [InlineData("للطلاب", "طلاب")]
    [InlineData("الله", "الله")] // too short once stripped: kept whole
    [InlineData("مدرسة", "مدرسه")]
    public void Query_terms_are_normalized_stems(string word, string term) =>
        Assert.Equal([term], SearchText.QueryTerms(word));

    [Fact]
    public void The_indexed_form_holds_every_word_and_each_differing_stem_once()
    {
        Assert.Equal("المدرسه مدرسه في المدرسه 2026 مدرسه", SearchText.IndexForm("المدرسة، مدرسة", "في-المدرسة ٢٠٢٦"));
        Assert.Empty(SearchText.QueryTerms(" ،؛ - "));
        Assert.Equal(8, SearchText.QueryTerms("a b c d e f g h i j").Count);
    }
}
