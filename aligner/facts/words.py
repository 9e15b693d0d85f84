"""Per-language words the fact extractors need: scale and unit words, spelled-out
numbers, months, weekdays, titles, and a small table of metonyms.

Only data lives here.  Languages without an entry fall back to English words
(digits, ``%`` and currency symbols work everywhere).  All keys are lowercase.
"""
from __future__ import annotations

#: languages that write a decimal comma and a thousands dot (shared with scoring.anchors)
from ..scoring.anchors import DECIMAL_COMMA  # noqa: F401  (re-exported)

#: multiplier words after a numeral ("3,8 juta", "£11million", "2 nghìn tỷ")
SCALE = {
    "en": {"hundred": 100, "thousand": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6,
           "billion": 1e9, "billions": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12},
    "id": {"ratus": 100, "ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9,
           "triliun": 1e12},
    "vi": {"trăm": 100, "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9},
}
#: one-letter scales, only glued to a numeral that carries a currency ("$5m", "£2bn", "$30k")
SCALE_GLUED = {"k": 1e3, "m": 1e6, "b": 1e9}

#: percent words and signs
PERCENT = {
    "en": ("%", "percent", "per cent", "pct", "percentage points", "percentage point"),
    "id": ("%", "persen", "per sen", "poin persentase"),
    "vi": ("%", "phần trăm", "điểm phần trăm"),
}
#: currency marks written before the numeral (longest first when matching)
CURRENCY_BEFORE = ("US$", "USD", "A$", "C$", "S$", "HK$", "NZ$", "R$", "Rp.", "Rp", "RM", "EUR", "GBP",
                   "$", "£", "€", "¥", "₫", "₹", "₩")
#: currency words written after the numeral (scale words may come in between)
CURRENCY_AFTER = {
    "en": ("dollars", "dollar", "pounds", "pound", "euros", "euro", "yen", "yuan", "rupiah", "dong",
           "usd", "eur", "gbp", "vnd", "idr"),
    "id": ("dolar", "dollar", "pound", "poundsterling", "euro", "yen", "yuan", "rupiah", "ringgit",
           "usd", "eur", "idr"),
    "vi": ("đô la mỹ", "đô la", "đô-la", "đô", "usd", "đồng", "vnd", "đ", "bảng anh", "bảng", "euro",
           "yên", "nhân dân tệ", "tệ"),
}

#: units a translator may convert ("500 feet" -> "152 meter"): word -> (dimension, factor to SI)
UNITS = {
    "len": {"mile": 1609.344, "miles": 1609.344, "mil": 1609.344, "dặm": 1609.344, "foot": 0.3048,
            "feet": 0.3048, "ft": 0.3048, "kaki": 0.3048, "inch": 0.0254, "inches": 0.0254, "inci": 0.0254,
            "yard": 0.9144, "yards": 0.9144, "km": 1000.0, "kilometer": 1000.0, "kilometre": 1000.0,
            "kilometers": 1000.0, "kilometres": 1000.0, "cây số": 1000.0, "m": 1.0, "meter": 1.0, "metre": 1.0,
            "meters": 1.0, "metres": 1.0, "mét": 1.0, "cm": 0.01, "centimeter": 0.01, "centimetre": 0.01,
            "centimeters": 0.01, "centimetres": 0.01, "sentimeter": 0.01, "xentimét": 0.01, "mm": 0.001},
    "mass": {"lb": 0.45359, "lbs": 0.45359, "kg": 1.0, "kilogram": 1.0, "kilograms": 1.0, "kilogam": 1.0,
             "ki-lô-gam": 1.0, "ounce": 0.02835, "ounces": 0.02835, "oz": 0.02835, "gram": 0.001,
             "grams": 0.001, "g": 0.001},
    "speed": {"mph": 1.609344, "miles per hour": 1.609344, "mil per jam": 1.609344, "dặm/giờ": 1.609344,
              "km/h": 1.0, "kph": 1.0, "km/jam": 1.0, "km/giờ": 1.0, "kilometers per hour": 1.0,
              "kilometres per hour": 1.0, "kilometer per jam": 1.0},
}
#: temperature scales: word -> "F" or "C"
TEMPERATURE = {"°f": "F", "° f": "F", "degrees fahrenheit": "F", "fahrenheit": "F", "độ f": "F", "derajat fahrenheit": "F",
               "°c": "C", "° c": "C", "degrees celsius": "C", "celsius": "C", "độ c": "C", "derajat celsius": "C"}
#: clock time zones -> hours from UTC (a converted time, "15.00 UTC" = "22.00 WIB", still agrees)
TIME_ZONES = {"gmt": 0, "utc": 0, "bst": 1, "cet": 1, "cest": 2, "wib": 7, "wita": 8, "wit": 9, "et": -5,
              "est": -5, "edt": -4, "ct": -6, "cst": -6, "cdt": -5, "pt": -8, "pst": -8, "pdt": -7}

#: spelled-out numbers (cardinal and ordinal); used to *match* digits, never reported alone
NUMBER_WORDS = {
    "en": {"a": 1, "an": 1, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
           "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
           "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
           "dozen": 12, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
           "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
           "twentieth": 20, "half": 0.5, "quarter": 0.25, "once": 1, "twice": 2, "single": 1,
           "double": 2, "triple": 3, "both": 2, "pair": 2, "couple": 2, "hundred": 100, "thousand": 1000},
    "id": {"nol": 0, "satu": 1, "sebuah": 1, "seorang": 1, "seekor": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
           "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
           "seribu": 1000, "sejuta": 1e6, "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4,
           "kelima": 5, "keenam": 6, "ketujuh": 7, "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10,
           "setengah": 0.5, "separuh": 0.5, "seperempat": 0.25, "sekali": 1, "kedua-duanya": 2,
           "lusin": 12, "selusin": 12, "ganda": 2, "pasang": 2},
    "vi": {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6,
           "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mươi": 10, "nhất": 1,
           "rưỡi": 0.5, "nửa": 0.5, "đôi": 2, "cặp": 2, "tá": 12},
}
#: fraction words: also read as a fraction ("the final third" ~ "1/3")
FRACTION_WORDS = {"third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25, "half": 0.5,
                  "sepertiga": 1 / 3, "seperempat": 0.25, "setengah": 0.5, "nửa": 0.5}
#: words that multiply the spelled number before them (Indonesian "dua puluh", "tiga belas")
NUMBER_COMBINERS = {
    "en": {"hundred": 100, "thousand": 1000},
    "id": {"belas": ("+", 10), "puluh": 10, "ratus": 100, "ribu": 1000},
    "vi": {"mươi": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000},
}

#: month names -> month number (abbreviations only with a following day or year)
MONTHS = {
    "en": {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
           "august": 8, "september": 9, "october": 10, "november": 11, "december": 12},
    "id": {"januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
           "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11,
           "desember": 12},
}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "agu": 8, "agt": 8,
              "sep": 9, "sept": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "des": 12}
#: Vietnamese month words after "tháng" ("tháng Sáu" = June)
VI_MONTH_WORDS = {"một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
                  "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12}

#: weekday names (Monday = 1); matched case-sensitively with a capital, as written in news
WEEKDAYS = {
    "en": {"Monday": 1, "Tuesday": 2, "Wednesday": 3, "Thursday": 4, "Friday": 5, "Saturday": 6, "Sunday": 7},
    "id": {"Senin": 1, "Selasa": 2, "Rabu": 3, "Kamis": 4, "Jumat": 5, "Jum'at": 5, "Sabtu": 6, "Minggu": 7},
    "vi": {"Hai": 1, "Ba": 2, "Tư": 3, "Năm": 4, "Sáu": 5, "Bảy": 6},  # after "thứ"/"Thứ"
}

#: capitalised words that are titles or pronouns, not names
TITLES = {
    "en": {"i", "mr", "mrs", "ms", "miss", "dr", "prof", "det", "insp", "supt", "sir", "dame", "lord", "lady", "st", "jr", "sr",
           "rev", "gen", "col", "capt", "sgt", "lt", "gov", "sen", "rep", "pres"},
    "id": {"bapak", "pak", "ibu", "bu", "tuan", "nyonya", "nona", "saudara", "sdr", "dr", "prof", "ir",
           "h", "hj", "kh"},
    "vi": {"ông", "bà", "anh", "chị", "cô", "em", "ngài", "tiến", "sĩ"},
}
#: lowercase prefixes that turn a capitalised name into an adjective ("pro-Kremlin", "anti-Trump")
ADJECTIVE_PREFIXES = {"pro", "anti", "non", "ex", "post", "pre", "mid", "neo", "pan", "trans", "un",
                      "all", "half", "ultra", "kontra", "pra", "pasca", "thân", "chống", "hậu"}
#: short lowercase words that may sit inside a name ("Bank of England", "Leonardo da Vinci")
NAME_JOINERS = {"of", "de", "da", "di", "van", "von", "der", "den", "del", "la", "le", "bin", "binti",
                "al", "el", "du", "dos", "das", "y"}

#: a place standing for its country (news metonymy) and the country's usual names, per language;
#: a name of one group on one side is matched by any name of the same group on the other side
METONYMS = (
    {"en": ("US", "U.S.", "USA", "U.S.A.", "United States", "America", "American", "Americans", "Washington",
            "White House", "Pentagon"),
     "id": ("AS", "A.S.", "Amerika Serikat", "Amerika", "Washington", "Gedung Putih", "Pentagon"),
     "vi": ("Mỹ", "Hoa Kỳ", "Washington", "Nhà Trắng", "Lầu Năm Góc")},
    {"en": ("Russia", "Russian", "Russians", "Moscow", "Kremlin"),
     "id": ("Rusia", "Moskow", "Moskwa", "Kremlin"),
     "vi": ("Nga", "Moscow", "Mát-xcơ-va", "Kremlin", "Điện Kremlin")},
    {"en": ("China", "Chinese", "Beijing"), "id": ("China", "Cina", "Tiongkok", "Beijing"),
     "vi": ("Trung Quốc", "Bắc Kinh")},
    {"en": ("UK", "U.K.", "Britain", "British", "United Kingdom", "London", "Westminster", "Downing Street",
            "Whitehall", "England", "English"),
     "id": ("Inggris", "Britania", "Britania Raya", "London", "Westminster", "Downing Street"),
     "vi": ("Anh", "Vương quốc Anh", "London", "Luân Đôn")},
    {"en": ("EU", "European Union", "Brussels"), "id": ("UE", "EU", "Uni Eropa", "Brussels", "Brussel"),
     "vi": ("EU", "Liên minh châu Âu", "Liên minh Châu Âu", "Brussels")},
    {"en": ("Ukraine", "Ukrainian", "Kyiv", "Kiev"), "id": ("Ukraina", "Kyiv", "Kiev"),
     "vi": ("Ukraine", "Ukraina", "Kiev", "Kyiv")},
    {"en": ("France", "French", "Paris", "Elysee", "Élysée"), "id": ("Prancis", "Perancis", "Paris"),
     "vi": ("Pháp", "Paris")},
    {"en": ("Germany", "German", "Berlin"), "id": ("Jerman", "Berlin"), "vi": ("Đức", "Berlin")},
    {"en": ("Japan", "Japanese", "Tokyo"), "id": ("Jepang", "Tokyo"), "vi": ("Nhật Bản", "Nhật", "Tokyo")},
    {"en": ("North Korea", "Pyongyang"), "id": ("Korea Utara", "Pyongyang"),
     "vi": ("Triều Tiên", "Bắc Triều Tiên", "Bình Nhưỡng")},
    {"en": ("South Korea", "Seoul"), "id": ("Korea Selatan", "Seoul"), "vi": ("Hàn Quốc", "Seoul")},
    {"en": ("Iran", "Iranian", "Tehran"), "id": ("Iran", "Teheran"), "vi": ("Iran", "Tehran")},
    {"en": ("Israel", "Israeli", "Jerusalem"), "id": ("Israel", "Yerusalem"), "vi": ("Israel", "Jerusalem")},
    {"en": ("India", "Indian", "New Delhi"), "id": ("India", "New Delhi"), "vi": ("Ấn Độ", "New Delhi")},
    {"en": ("Vietnam", "Viet Nam", "Vietnamese", "Hanoi"), "id": ("Vietnam", "Hanoi"),
     "vi": ("Việt Nam", "Hà Nội")},
    {"en": ("Indonesia", "Indonesian", "Jakarta"), "id": ("Indonesia", "Jakarta"),
     "vi": ("Indonesia", "Jakarta")},
    {"en": ("Saudi Arabia", "Saudi", "Riyadh"), "id": ("Arab Saudi", "Saudi", "Riyadh"),
     "vi": ("Saudi Arabia", "Ả Rập Saudi", "Ả-rập Xê-út", "Riyadh")},
    {"en": ("Turkey", "Turkish", "Turks", "Ankara"), "id": ("Turki", "Ankara"), "vi": ("Thổ Nhĩ Kỳ", "Ankara")},
    {"en": ("Mexico", "Mexican"), "id": ("Meksiko",), "vi": ("Mexico", "Mê-hi-cô")},
    {"en": ("Spain", "Spanish", "Madrid"), "id": ("Spanyol", "Madrid"), "vi": ("Tây Ban Nha", "Madrid")},
    {"en": ("Italy", "Italian", "Rome"), "id": ("Italia", "Roma"), "vi": ("Ý", "Italy", "Rome")},
    {"en": ("Scotland", "Scottish"), "id": ("Skotlandia",), "vi": ("Scotland",)},
    {"en": ("Wales", "Welsh"), "id": ("Wales",), "vi": ("Wales", "xứ Wales")},
    {"en": ("Europe", "European"), "id": ("Eropa",), "vi": ("Châu Âu", "châu Âu")},
    {"en": ("Netherlands", "Dutch", "The Hague", "Hague", "Amsterdam"),
     "id": ("Belanda", "Den Haag", "Amsterdam"), "vi": ("Hà Lan", "La Haye", "The Hague", "Amsterdam")},
    {"en": ("UN", "U.N.", "United Nations"), "id": ("PBB", "Perserikatan Bangsa-Bangsa", "UN"),
     "vi": ("Liên Hợp Quốc", "LHQ", "Liên hợp quốc", "UN")},
    {"en": ("Chile", "Chilean"), "id": ("Chili", "Chile"), "vi": ("Chile",)},
    {"en": ("Philippines", "Filipino", "Manila"), "id": ("Filipina", "Manila"), "vi": ("Philippines", "Manila")},
    {"en": ("Egypt", "Egyptian", "Cairo"), "id": ("Mesir", "Kairo"), "vi": ("Ai Cập", "Cairo")},
)

#: more countries, regions and peoples: "en forms | id forms | vi forms" (";" between forms;
#: the English adjectives and plurals are demonyms, never reported on their own)
_PLACES = """
Sweden; Swedish; Swedes; Stockholm | Swedia; Stockholm | Thụy Điển; Stockholm
Norway; Norwegian; Norwegians; Oslo | Norwegia; Oslo | Na Uy; Oslo
Denmark; Danish; Danes; Copenhagen | Denmark; Kopenhagen | Đan Mạch; Copenhagen
Finland; Finnish; Finns; Helsinki | Finlandia; Helsinki | Phần Lan; Helsinki
Switzerland; Swiss; Geneva; Bern | Swiss; Jenewa; Bern | Thụy Sĩ; Geneva; Bern
Austria; Austrian; Austrians; Vienna | Austria; Wina | Áo; Vienna; Viên
Belgium; Belgian; Belgians | Belgia | Bỉ
Poland; Polish; Poles; Warsaw | Polandia; Warsawa | Ba Lan; Warsaw; Vác-sa-va
Greece; Greek; Greeks; Athens | Yunani; Athena | Hy Lạp; Athens
Portugal; Portuguese; Lisbon | Portugal; Lisabon; Lisbon | Bồ Đào Nha; Lisbon
Ireland; Irish; Dublin | Irlandia; Dublin | Ireland; Ai-len; Dublin
Hungary; Hungarian; Hungarians; Budapest | Hongaria; Budapest | Hungary; Budapest
Czech Republic; Czech; Czechs; Prague | Ceko; Republik Ceko; Praha | Séc; Cộng hòa Séc; Praha
Romania; Romanian; Romanians; Bucharest | Rumania; Bukares | Romania; Bucharest
Brazil; Brazilian; Brazilians | Brasil; Brazil | Brazil; Bra-xin
Argentina; Argentine; Argentinian; Argentinians | Argentina | Argentina; Ác-hen-ti-na
Canada; Canadian; Canadians; Ottawa | Kanada; Ottawa | Canada; Ca-na-đa; Ottawa
Australia; Australian; Australians; Canberra | Australia; Canberra | Úc; Australia; Canberra
New Zealand; New Zealander; New Zealanders; Wellington | Selandia Baru; Wellington | New Zealand; Niu Di-lân
South Africa; South African; South Africans | Afrika Selatan | Nam Phi
Iraq; Iraqi; Iraqis; Baghdad | Irak; Bagdad | Iraq; I-rắc; Baghdad
Syria; Syrian; Syrians; Damascus | Suriah; Damaskus | Syria; Xy-ri; Damascus
Lebanon; Lebanese; Beirut | Lebanon; Beirut | Liban; Li-băng; Beirut
Jordan; Jordanian; Jordanians; Amman | Yordania; Yordan; Amman | Jordan; Gioóc-đa-ni; Amman
Palestine; Palestinian; Palestinians; Palestinian Authority; PA | Palestina; Otoritas Palestina | Palestine; Palestin
Afghanistan; Afghan; Afghans; Kabul | Afganistan; Kabul | Afghanistan; Kabul
Pakistan; Pakistani; Pakistanis; Islamabad | Pakistan; Islamabad | Pakistan; Islamabad
Thailand; Thai; Bangkok | Thailand; Bangkok | Thái Lan; Bangkok
Malaysia; Malaysian; Malaysians; Kuala Lumpur | Malaysia; Kuala Lumpur | Malaysia; Kuala Lumpur
Singapore; Singaporean; Singaporeans | Singapura | Singapore; Xin-ga-po
Myanmar; Burma; Burmese; Naypyidaw | Myanmar; Burma | Myanmar; Miến Điện
Cambodia; Cambodian; Cambodians; Phnom Penh | Kamboja; Phnom Penh | Campuchia; Phnom Penh
Laos; Laotian; Vientiane | Laos; Vientiane | Lào; Viêng Chăn
Taiwan; Taiwanese; Taipei | Taiwan; Taipei | Đài Loan; Đài Bắc
Hong Kong | Hong Kong; Hongkong | Hồng Kông
Mongolia; Mongolian | Mongolia | Mông Cổ
Soviet Union; USSR; Soviet; Soviets | Uni Soviet; Soviet | Liên Xô
Middle East; Mideast | Timur Tengah | Trung Đông
Cuba; Cuban; Cubans; Havana | Kuba; Havana | Cuba; Havana
Venezuela; Venezuelan; Venezuelans; Caracas | Venezuela; Caracas | Venezuela; Caracas
Colombia; Colombian; Colombians; Bogota | Kolombia; Bogota | Colombia; Bogota
Morocco; Moroccan; Moroccans; Rabat | Maroko; Rabat | Ma-rốc; Maroc; Rabat
Algeria; Algerian; Algerians; Algiers | Aljazair; Aljir | Algeria; Angiêri
Libya; Libyan; Libyans; Tripoli | Libia; Tripoli | Libya; Tripoli
Ethiopia; Ethiopian; Ethiopians; Addis Ababa | Etiopia; Ethiopia; Addis Ababa | Ethiopia; Addis Ababa
Nigeria; Nigerian; Nigerians; Abuja | Nigeria; Abuja | Nigeria; Abuja
Qatar; Qatari; Doha | Qatar; Doha | Qatar; Doha
United Arab Emirates; UAE; Emirati; Dubai; Abu Dhabi | Uni Emirat Arab; UEA; Dubai; Abu Dhabi | Các Tiểu vương quốc Ả Rập Thống nhất; UAE; Dubai; Abu Dhabi
Bolivia; Bolivian; Bolivians; La Paz | Bolivia; La Paz | Bolivia; La Paz
Korea; Korean; Koreans | Korea | Triều Tiên; Hàn Quốc
World War II; World War Two; Second World War; WWII; WW2 | Perang Dunia II; Perang Dunia Kedua; PDII | Thế chiến II; Thế chiến thứ hai; Chiến tranh thế giới thứ hai
World War I; World War One; First World War; WWI; WW1 | Perang Dunia I; Perang Dunia Pertama; PDI | Thế chiến I; Thế chiến thứ nhất; Chiến tranh thế giới thứ nhất
Jews; Jewish; Judaism | Yahudi | Do Thái
Muslims; Muslim; Islam; Islamic | Muslim; Islam; Muslimah | Hồi giáo
"""
METONYMS = METONYMS + tuple(
    dict(zip(("en", "id", "vi"), (tuple(f.strip() for f in side.split(";")) for side in line.split("|"))))
    for line in _PLACES.strip().splitlines())

#: adjectives of the places above: never reported on their own (translators fold them freely)
DEMONYMS = {"American", "Americans", "Russian", "Russians", "Chinese", "British", "English", "Ukrainian",
            "French", "German", "Japanese", "Iranian", "Israeli", "Indian", "Vietnamese", "Indonesian",
            "Turkish", "Mexican", "Spanish", "Italian", "Scottish", "European", "Saudi", "Britons", "Brits",
            "Arab", "Arabs", "Catalan", "Catalans", "Welsh", "Irish", "Dutch", "Swiss", "Thai", "Greek",
            "Polish", "Danish", "Swedish", "Finnish", "Yankee", "Turks", "Germans", "Swedes", "Norwegians",
            "Norwegian", "Danes", "Finns", "Austrian", "Austrians", "Belgian", "Belgians", "Poles", "Greeks",
            "Portuguese", "Hungarian", "Czech", "Czechs", "Brazilian", "Argentine", "Canadian", "Canadians",
            "Australian", "Australians", "Iraqi", "Iraqis", "Syrian", "Syrians", "Lebanese", "Jordanian",
            "Palestinian", "Palestinians", "Afghan", "Afghans", "Pakistani", "Thai", "Malaysian", "Burmese",
            "Taiwanese", "Soviet", "Cuban", "Moroccan", "Libyan", "Emirati", "Qatari", "Korean", "Koreans",
            "Jewish", "Jews", "Muslim", "Muslims", "Islamic", "Israelis", "Iranians", "Indians", "Chileans"}
#: languages in which a capital inside a sentence marks a name (elsewhere titles and
#: institutions capitalise ordinary words: "Departemen Kepolisian", "Bộ Ngoại giao")
CAPITALS_MARK_NAMES = {"en"}
#: capitalised tokens that are units, not names (currency codes, time zones)
NOT_NAMES = {"usd", "eur", "gbp", "jpy", "cny", "idr", "vnd", "aud", "cad", "sgd", "rp", "rm", "wib", "wita",
             "wit", "gmt", "bst", "utc", "est", "edt", "pst", "pdt", "cet", "cest", "am", "pm", "km", "kg", "phd",
             "bce", "bc", "ce", "ad", "sm", "tcn", "tr", "ceo", "cfo", "coo", "cto", "mp", "mps"}
#: English demonym endings ("Chilean", "Bolivian", "Congolese"): adjectives, not names
DEMONYM_SUFFIXES = ("ean", "eans", "ian", "ians", "ese")
#: function words that start sentences or quotes: never names
FUNCTION_WORDS = {
    "en": {"the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "you",
           "his", "her", "their", "our", "my", "your", "in", "on", "at", "for", "but", "and", "or", "if", "as",
           "after", "before", "when", "while", "what", "who", "which", "there", "here", "so", "not", "no",
           "yes", "all", "some", "one", "with", "from", "by", "of", "to", "o.k", "ok", "oh"},
    "id": {"yang", "dan", "di", "ke", "dari", "ini", "itu", "dia", "ia", "mereka", "kami", "kita", "saya",
           "aku", "anda", "para", "sang", "si", "pada", "dalam", "untuk", "dengan", "tetapi", "namun", "jika",
           "ketika", "saat", "setelah", "sebelum", "oke", "ya", "tidak", "bukan", "ada", "juga"},
    "vi": {"anh", "em", "ta", "tôi", "họ", "chúng", "và", "nhưng", "khi", "sau", "trước", "ok", "oke"},
}
