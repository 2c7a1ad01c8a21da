namespace Wasl.Web.Platform.Identity;

/// <summary>
/// The passwords (and password stems) people choose most, written for Wasl from the well-known patterns of leaked-password
/// studies: digit runs, keyboard words, names, football clubs, love words, religious phrases in Arabic and Persian
/// transliteration, French favourites, and the names of this product and its ministry. Lower case, spaces removed.
/// Length does not matter here: a stem such as "monkey" refuses "monkey2024!!" too (see <see cref="PasswordRules"/>).
/// </summary>
internal static class CommonPasswords
{
    private const string List = """
        123456 1234567 12345678 123456789 1234567890 12345678910 0123456789 987654321 9876543210 0987654321
        111111 1111111 11111111 111111111 1111111111 000000 0000000 00000000 0000000000 222222 333333 444444 555555
        666666 777777 7777777 888888 999999 9999999999 123123 123123123 1231231234 121212 12121212 112233 11223344
        112233445566 123321 123654 123654789 147258 147258369 147852369 159357 159753 258456 258369 321321 456456
        456789 654321 741852963 789456 789456123 789789 852456 963852741 5201314 1314520 696969 101010 202020 12341234
        1234512345 123451234 1122334455 1212121212 0102030405 1020304050 11112222 12344321 1234554321 abc123 abc12345
        abc123456 abcd1234 abcde12345 1234abcd 123abc a123456 a12345678 aa123456 aa12345678 a1b2c3 a1b2c3d4 a1b2c3d4e5
        1a2b3c4d 1a2b3c4d5e q1w2e3r4 q1w2e3r4t5 1q2w3e 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx 1qazxsw2 qazwsx
        qazwsxedc zaq12wsx zaq1zaq1 zaq1xsw2 qwe123 qwe123456 qweasd qweasdzxc qwer1234 qwerty qwerty1 qwerty12
        qwerty123 qwerty1234 qwertyu qwertyui qwertyuiop qwertyuiop123 asdf asdf1234 asdfgh asdfghjk asdfghjkl
        asd123 zxcvbn zxcvbnm zxc123 azerty azertyuiop azerty123 qwertz password password1 password12 password123
        password1234 passw0rd p@ssw0rd p@ssword pa$$word pass1234 passpass passwort motdepasse contrasena senha parola
        haslo wachtwoord kalimatsir kalimatalsir kalimatmoror kalemeobur kalamehobour ramz ramzobur
        admin admin1 admin123 admin1234 administrator administrateur root toor superuser sysadmin manager guest user
        user123 test test123 test1234 testtest tester demo demo123 temp temp123 default changeme changeit letmein
        letmein1 welcome welcome1 welcome123 hello hello123 helloworld login login123 secret secret123 access master
        master123 trustno1 iloveyou iloveyou1 iloveyou2 iloveu loveyou loveme lovely mylove love love123 lover
        sweetheart sweety sweetie darling baby babygirl babyboy angel angel123 princess princess1 prince sunshine
        sunshine1 shadow shadow123 monkey monkey123 dragon dragon123 football football1 baseball basketball soccer
        hockey tennis golf superman superman123 batman batman123 spiderman ironman pokemon naruto minecraft fortnite
        roblox starwars matrix killer hunter ranger freedom whatever nothing forever family friends friend flower
        butterfly chocolate cookie cheese pepper ginger summer winter spring autumn purple orange yellow silver golden
        diamond tiger lion eagle falcon horse charlie michael jennifer jordan jordan23 ashley bailey harley mustang
        ferrari porsche mercedes bmw toyota nissan hyundai lexus samsung nokia iphone apple google facebook youtube
        instagram whatsapp snapchat twitter tiktok microsoft windows computer internet liverpool chelsea arsenal
        manchester manutd barcelona barca realmadrid madrid juventus milan ronaldo cristiano cr7 messi neymar
        zidane benzema salah alhilal hilal alnassr nassr alahli ahli alittihad ittihad zamalek alzamalek
        allah allahakbar allahuakbar bismillah bismillahirrahmanirrahim alhamdulillah alhamdulilah mashallah
        mashaallah inshallah subhanallah astaghfirullah lailahaillallah yaallah yarab yarabb islam muslim quran
        muhammad mohammed mohamed mohammad mohamad mohd ahmed ahmad ali omar umar othman khaled khalid abdullah
        abdallah abdulaziz abdulrahman abdelrahman faisal fahad fahd sultan salman saud turki nasser naser majed
        majid saeed said hamad hamed yousef youssef yusuf ibrahim ismail hassan hasan hussein husain hossein
        mustafa mostafa mahmoud mahmud tariq tarek ziad zaid fatima fatimah aisha aysha mariam maryam maria noura
        nora sara sarah reem hind huda layla leila laila amal amira zainab zeinab khadija hala hanan
        habibi habibti hayati hayaty 7abibi 7abibti 7ayati galbi qalbi omri 3omri 7obi hobi hubbi ahebak ahebek
        ahbak bahebak bahebek ana anaa salam salam123 assalam assalamualaikum marhaba ahlan ahlanwasahlan shukran
        sabah saba qamar amar shams najm sama nour noor
        saudi saudia saudiarabia ksa riyadh riyad jeddah jiddah makkah mecca makka madinah medina almadinah dammam
        khobar taif tabuk abha qassim hail jizan najran yanbu emirates uae dubai abudhabi qatar doha kuwait bahrain
        oman muscat egypt cairo jordan amman iraq baghdad syria damascus lebanon beirut palestine alquds yemen
        sudan morocco maroc algerie algeria tunisie tunisia libya iran tehran
        wasl wasl123 wasl1234 wasl2026 waslwasl waslportal waslweb wasel wasil
        ministry ministryofeducation moe moe123 moe2026 education taaleem taalim tarbiya tarbiyah wizarat
        wizaratalttaleem wezara wazara madrasa madrasah madrasati school school123 student students teacher teachers
        moalem moallem mualim muallim talib taleb principal mudir modir vezarat vezaratamoozesh amoozesh amozesh
        amoozeshvaparvaresh madreseh madrese moallem dabirestan
        doostetdaram dustetdaram doosetdaram asheghetam eshgh eshgham eshgheman azizam azizamam khoda khodaya
        khodajan ghalbam jigar jigaram delam delbar nafasam zendegi zendegiam irani iran123 persian parsi
        mehdi reza zahra fateme fatemeh hosein hoseyn amir amirali alireza mohammadreza mahsa maryamjoon
        azerty1 soleil bonjour bonjour1 jetaime jetaime1 doudou chouchou loulou coucou marseille paris nicolas
        camille chocolat amour monamour moncoeur princesse motdepasse1 motdepasse123 france allezlom
        كلمةالسر كلمةالمرور كلمهالسر كلمهالمرور الرقمالسري السلامعليكم بسمالله بسماللهالرحمنالرحيم الحمدلله
        لااللهالاالله سبحانالله اللهاكبر استغفرالله ماشاءالله انشاءالله محمد احمد حبيبي حبيبتي حياتي قلبي عمري
        وصل وزارةالتعليم وزارةالتربيةوالتعليم التعليم السعودية الرياض مكة جدة المدينة
        رمزعبور رمز گذرواژه دوستتدارم عشقم عزیزم خدایا ایران
        """;

    public static readonly IReadOnlySet<string> All = List.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
        .ToHashSet(StringComparer.Ordinal);
}
