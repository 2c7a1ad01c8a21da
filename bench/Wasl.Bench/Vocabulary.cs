using System.Text;

namespace Wasl.Bench;

/// <summary>
/// Arabic subjects and descriptions of the kind parents, students and teachers write to a ministry of education:
/// sentences with slots filled from word lists, so the index sees a realistic spread of frequent and rare words.
/// One word (<see cref="CommonWord"/>) is put in about half the texts on purpose; <see cref="RareWord"/> only where
/// the generator asks for it. Neither appears in any list below, in any form that would stem to them.
/// </summary>
internal sealed class Vocabulary(int seed)
{
    /// <summary>Stems to "طلاب" (the article is stripped), found in about half of all requests.</summary>
    public const string CommonWord = "الطلاب";

    /// <summary>Stems to "زرافه"; placed in a handful of requests only.</summary>
    public const string RareWord = "الزرافة";

    private readonly Random _random = new(seed);

    private static readonly string[] Subjects =
    [
        "تأخر الحافلة المدرسية", "عطل في أجهزة التكييف", "تسرب المياه في دورات المياه", "شكوى من أسلوب معلم",
        "طلب نقل إلى مدرسة أخرى", "استفسار عن مواعيد الاختبارات", "اقتراح لتحسين المقصف", "ازدحام عند بوابة المدرسة",
        "نقص في الكتب الدراسية", "انقطاع الكهرباء في الفصول", "تنمر على طالبة في الفصل", "تأخر صرف المكافأة",
        "استفسار عن القبول والتسجيل", "ضعف شبكة الإنترنت في المعمل", "طلب معادلة شهادة", "ملاحظة على نظافة المبنى",
        "شكوى من رسوم النشاط", "اقتراح نادي للقراءة", "كسر في نوافذ الفصل", "حادث مروري أمام المدرسة",
        "تسمم غذائي بعد الوجبة", "طلب إجازة استثنائية", "تأخر نتائج الاختبار النهائي", "استفسار عن المنصة التعليمية",
        "عدم توفر معلم للرياضيات", "طلب تعديل بيانات ولي الأمر", "خلل في نظام الحضور", "شكوى من الواجبات المنزلية",
        "ملاحظة على الزي المدرسي", "طلب توفير مظلات للساحة", "تعطل المصعد في المبنى", "اقتراح حصص للبرمجة",
    ];

    private static readonly string[] Openings =
    [
        "السلام عليكم ورحمة الله وبركاته،", "أرجو الاطلاع على الموضوع التالي:", "تحية طيبة وبعد،", "نفيدكم بما يلي:",
        "أتقدم إليكم بهذه الشكوى", "بعد التحية،", "أود أن أستفسر عن", "نأمل منكم التكرم بالنظر في",
    ];

    private static readonly string[] Sentences =
    [
        "تتأخر الحافلة كل صباح عن موعدها {n} دقيقة مما يسبب غياب {who} عن الحصة الأولى",
        "جهاز التكييف في {place} معطل منذ {n} أيام والحرارة مرتفعة جدا",
        "يوجد تسرب مياه في {place} ولم تتم الصيانة رغم البلاغ السابق",
        "المعلم يستخدم أسلوبا غير مناسب مع {who} أثناء الحصة",
        "أرغب في نقل ابني إلى مدرسة قريبة من المنزل في حي {district}",
        "متى تبدأ اختبارات نهاية الفصل الدراسي وما هو الجدول المعتمد",
        "المقصف يقدم وجبات غير صحية وأسعارها مرتفعة",
        "يحدث ازدحام شديد عند البوابة وقت الانصراف ولا يوجد تنظيم",
        "لم نستلم كتب مادة {subject} حتى الآن رغم مرور {n} أسابيع",
        "انقطعت الكهرباء عن {place} عدة مرات هذا الأسبوع",
        "تعرضت ابنتي للتنمر من زميلاتها ولم تتخذ الإدارة أي إجراء",
        "تأخر صرف المكافأة الشهرية لمدة {n} أشهر",
        "ما هي شروط القبول في الصف الأول وما المستندات المطلوبة",
        "شبكة الإنترنت في {place} ضعيفة ولا تكفي للدروس الإلكترونية",
        "أحتاج إلى معادلة شهادة حصلت عليها من خارج المملكة",
        "النظافة في {place} غير كافية والحاويات ممتلئة",
        "تم فرض رسوم على النشاط دون إشعار مسبق لأولياء الأمور",
        "أقترح إنشاء نادي للقراءة يجتمع بعد نهاية اليوم الدراسي",
        "نوافذ {place} مكسورة وتشكل خطرا على {who}",
        "وقع حادث مروري أمام المدرسة بسبب غياب اللوحات الإرشادية",
        "ظهرت أعراض تسمم على عدد من {who} بعد تناول وجبة المقصف",
        "لم تظهر نتيجة مادة {subject} في النظام حتى اليوم",
        "لا أستطيع الدخول إلى المنصة التعليمية منذ {n} أيام",
        "لا يوجد معلم لمادة {subject} منذ بداية الفصل",
        "رقم جوال ولي الأمر المسجل في النظام غير صحيح وأرجو تعديله",
        "نظام الحضور يسجل غيابا رغم الحضور في الموعد",
        "الواجبات كثيرة جدا وتستغرق ساعات كل مساء",
        "الزي المقرر غير متوفر في المحلات القريبة",
        "الساحة مكشوفة ولا توجد مظلات تحمي من الشمس وقت الطابور",
        "المصعد معطل منذ {n} أسابيع ويصعب على ذوي الإعاقة الوصول إلى {place}",
        "أقترح إضافة حصص للبرمجة والذكاء الاصطناعي في المرحلة المتوسطة",
        "تواصلت مع الإدارة أكثر من مرة دون رد",
        "أرجو سرعة المعالجة لأن الأمر يتكرر باستمرار",
        "تم رفع بلاغ سابق برقم مختلف ولم يصلني أي تحديث",
        "أشكركم على جهودكم وأتمنى متابعة الموضوع",
        "المشكلة تتكرر في الفترة المسائية أكثر من الصباحية",
    ];

    // Sentences that carry the common word; one of them goes into about half the requests.
    private static readonly string[] CommonSentences =
    [
        "الطلاب يعانون من هذا الوضع يوميا",
        "يتأثر الطلاب في {place} بشكل واضح",
        "عدد كبير من الطلاب اشتكى من الأمر نفسه",
        "أولياء أمور الطلاب يطالبون بحل عاجل",
    ];

    private static readonly string[] Places =
    [
        "الفصل", "المعمل", "المكتبة", "الصالة الرياضية", "المبنى الإداري", "الساحة", "المصلى", "غرفة المعلمين",
        "الممر الرئيسي", "مختبر العلوم", "قاعة الحاسب", "الدور الثاني", "المبنى الجديد", "غرفة الإرشاد",
    ];

    private static readonly string[] Who =
    [
        "ابني", "ابنتي", "الطالبات", "التلاميذ", "أبنائنا", "طلبة الصف الثالث", "المعلمين", "المعلمات", "أولياء الأمور",
    ];

    private static readonly string[] SchoolSubjects =
    [
        "الرياضيات", "العلوم", "اللغة العربية", "اللغة الإنجليزية", "الفيزياء", "الكيمياء", "الأحياء", "التاريخ",
        "الجغرافيا", "التربية الفنية", "الحاسب الآلي", "الدراسات الإسلامية",
    ];

    private static readonly string[] Districts =
    [
        "النرجس", "الملقا", "العليا", "السليمانية", "الروضة", "النسيم", "الشفا", "العزيزية", "الحمراء", "الصفا",
        "المروة", "الربوة", "الياسمين", "القيروان", "الفيحاء", "الخالدية",
    ];

    private static readonly string[] FirstNames =
    [
        "محمد", "أحمد", "عبدالله", "خالد", "فهد", "سعد", "نورة", "سارة", "مريم", "فاطمة", "ريم", "هند", "عبدالرحمن",
        "سلطان", "ناصر", "منيرة", "لطيفة", "يوسف", "عمر", "علي",
    ];

    private static readonly string[] FamilyNames =
    [
        "العتيبي", "القحطاني", "الشهري", "الغامدي", "الزهراني", "الدوسري", "المطيري", "الحربي", "السبيعي", "العنزي",
        "الشمري", "الأحمدي", "البلوي", "الجهني",
    ];

    public string Subject() => Pick(Subjects);

    /// <summary>Two to five sentences; <paramref name="common"/> adds a sentence with the common word, <paramref name="rare"/> the rare word.</summary>
    public string Description(bool common, bool rare)
    {
        var sb = new StringBuilder();
        if (_random.Next(3) == 0) sb.Append(Pick(Openings)).Append(' ');
        var count = 2 + _random.Next(4);
        var commonAt = common ? _random.Next(count) : -1;
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(_random.Next(4) == 0 ? "، و" : ". ");
            sb.Append(Fill(i == commonAt ? Pick(CommonSentences) : Pick(Sentences)));
        }
        if (rare) sb.Append(". وقد شوهدت صورة ").Append(RareWord).Append(" على جدار ").Append(Pick(Places));
        sb.Append('.');
        return sb.ToString();
    }

    public string PersonName() => Pick(FirstNames) + " " + Pick(FirstNames) + " " + Pick(FamilyNames);

    public string Mobile() => "+9665" + _random.Next(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string NationalId() => (_random.Next(2) == 0 ? "1" : "2") + _random.NextInt64(100_000_000, 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int Next(int max) => _random.Next(max);

    public double NextDouble() => _random.NextDouble();

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string Fill(string sentence) => sentence
        .Replace("{n}", (2 + _random.Next(20)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{place}", Pick(Places), StringComparison.Ordinal)
        .Replace("{who}", Pick(Who), StringComparison.Ordinal)
        .Replace("{subject}", Pick(SchoolSubjects), StringComparison.Ordinal)
        .Replace("{district}", Pick(Districts), StringComparison.Ordinal);

    private string Pick(string[] items) => items[_random.Next(items.Length)];
}
