"""Hand-written name lists for the evaluation set, for the groups Faker has no list of.

These are common given names and common surname patterns, written for this purpose; none is
taken from a record of a real person. Male family names are listed; the female form is derived
(Алиев -> Алиева). Each list is (male given names, female given names, family names).
"""


def _split(text):
    return text.split()


# Dagestan and Chechnya, as recorded in Russian documents.
NORTH_CAUCASUS = (
    _split(
        "Магомед Шамиль Рамзан Ахмед Ибрагим Муса Руслан Арсен Гаджи Мурад Расул Хасан Гусейн "
        "Ислам Абдулла Умар Салман Алихан Зелимхан Исмаил Юсуп Саид Тимур Адам Хамзат Ахмат Ильяс "
        "Джабраил Сулейман Курбан Гасан Нурмагомед Абдурахман Висхан Лема Аслан Беслан Мовсар "
        "Магомедрасул Камиль Халид Заур Идрис"
    ),
    _split(
        "Хава Зарема Патимат Марьям Аминат Зайнаб Хадижат Мадина Хеда Луиза Милана Зулейха Айшат "
        "Фатима Седа Элина Малика Асият Сакинат Умукусум Зухра Джамиля Раиса Тамила"
    ),
    _split(
        "Алиев Магомедов Гаджиев Абдулаев Ахмедов Исаев Омаров Рамазанов Гасанов Гусейнов Курбанов "
        "Мусаев Исмаилов Юсупов Сулейманов Хасанов Ибрагимов Абакаров Даудов Эльмурзаев Хаджиев "
        "Садулаев Умаров Керимов Джабраилов Арсанукаев Бисултанов Хамзатов Мурадов Расулов "
        "Шамилев Идрисов Магомаев Алиханов Висаитов Заурбеков Халидов Муртазалиев Абдурахманов "
        "Нурмагомедов"
    ),
)

# Uzbek (with the Uzbek Cyrillic letters ў ғ қ ҳ), Tajik and Kyrgyz names in Cyrillic.
CENTRAL_ASIA = (
    _split(
        "Алишер Бахтиёр Санжар Жасур Улугбек Шухрат Отабек Дилшод Фаррух Азиз Ўткир Ғайрат Нодир "
        "Собир Шерзод Джамшед Рустам Сухроб Бахром Фирдавс Азамат Нурлан Бакыт Эрлан Айбек "
        "Жыргалбек Чынгыз Канат Талант Улан Темирлан Акмал Зафар Хуршид"
    ),
    _split(
        "Дилноза Гулнора Нилуфар Малика Шахноза Мохира Зулфия Феруза Умида Наргиза Айгуль Айжан "
        "Гулзат Назгуль Жылдыз Бермет Чолпон Мадина Парвина Тахмина Мехринисо Зарина"
    ),
    _split(
        "Каримов Юсупов Рахимов Ўринов Тошматов Эргашев Холматов Содиков Рашидов Абдуллаев Қодиров "
        "Ғуломов Исмоилов Нурматов Турсунов Ҳамидов Саидов Назаров Шарипов Сафаров Мирзоев "
        "Давлатов Абдыкадыров Осмонов Мамытов Асанов Бакиров Жумабаев Усенов Сыдыков Эсенбаев "
        "Орозбеков Раджабов Холиков Қурбонов"
    ),
)

# Zimbabwe (Shona, Ndebele) and South Sudan (Dinka, Nuer), in Latin letters. South Sudanese
# family names are often a father's or grandfather's given name.
ZIMBABWE = (
    _split(
        "Tendai Tatenda Farai Tinashe Takudzwa Tafadzwa Kudakwashe Tapiwa Simbarashe Munyaradzi "
        "Tawanda Tonderai Panashe Tichaona Kudzai Blessing"
    ),
    _split(
        "Chipo Rudo Rumbidzai Ruvimbo Tsitsi Vimbai Nyasha Chiedza Fadzai Tariro Ropafadzo Shamiso "
        "Nokuthula Thandiwe"
    ),
    _split(
        "Moyo Ncube Sibanda Dube Ndlovu Mpofu Nyathi Mutasa Chinyama Mlambo Mhlanga Gumbo Chikore "
        "Banda Zhou Marufu Chirwa Mushonga Chigumba Makoni Nkomo Dlamini Mutambara Chiweshe"
    ),
)
SOUTH_SUDAN = (
    _split(
        "Deng Garang Akol Majok Mabior Kuol Bol Malual Chol Ajak Manyang Dut Mayen Lual Ater Thon "
        "Kuany Mading Aguer Gatluak"
    ),
    _split("Nyandeng Achol Aluel Abuk Adut Nyibol Ayen Akuol Nyanut Athieng Nyakuoth Awut Alek"),
    _split(
        "Deng Garang Akol Majok Kuol Bol Malual Chol Ajak Dut Mayen Lual Mabior Ater Thon Kuany "
        "Mading Aguer Gatluak Nyuon Ring Kur"
    ),
)

# Full name -> the diminutives people give instead (in documents, intake forms, phone calls).
DIMINUTIVES = {
    "Александр": ["Саша", "Шура", "Саня"],
    "Александра": ["Саша", "Шура"],
    "Алексей": ["Алёша", "Лёша"],
    "Анастасия": ["Настя"],
    "Анна": ["Аня"],
    "Борис": ["Боря"],
    "Валентина": ["Валя"],
    "Василий": ["Вася"],
    "Владимир": ["Володя", "Вова"],
    "Галина": ["Галя"],
    "Григорий": ["Гриша"],
    "Дмитрий": ["Дима", "Митя"],
    "Евгений": ["Женя"],
    "Евгения": ["Женя"],
    "Екатерина": ["Катя"],
    "Елена": ["Лена"],
    "Иван": ["Ваня"],
    "Мария": ["Маша"],
    "Михаил": ["Миша"],
    "Наталья": ["Наташа"],
    "Николай": ["Коля"],
    "Ольга": ["Оля"],
    "Павел": ["Паша"],
    "Пётр": ["Петя"],
    "Светлана": ["Света"],
    "Сергей": ["Серёжа"],
    "Татьяна": ["Таня"],
    "Юлия": ["Юля"],
    "Юрий": ["Юра"],
    "Ксения": ["Ксюша"],
    "Константин": ["Костя"],
    "Виктор": ["Витя"],
    "Людмила": ["Люда"],
    "Надежда": ["Надя"],
    "Анатолий": ["Толя"],
    "Вячеслав": ["Слава"],
}

# Spellings of one Arabic-origin name across Russian, Caucasian and Central Asian records.
NAME_VARIANTS = [
    ["Магомед", "Магомет", "Мухаммад", "Мухаммед", "Магамед", "Mahomed", "Muhammad", "Mohammed"],
    ["Ахмед", "Ахмад", "Ахмет", "Ahmad", "Ahmet"],
    ["Гусейн", "Хусейн", "Husein", "Huseyn"],
    ["Гасан", "Хасан", "Hasan"],
    ["Юсуп", "Юсуф", "Yusuf"],
    ["Исмаил", "Исмоил", "Измаил", "Ismail"],
    ["Ибрагим", "Ибрахим", "Ibrahim"],
    ["Абдулла", "Абдулло", "Абдула", "Abdullah"],
    ["Сулейман", "Сулаймон", "Suleiman"],
    ["Умар", "Омар", "Omar"],
    ["Гаджи", "Хаджи", "Hadji", "Haji"],
    ["Патимат", "Фатима", "Fatima"],
    ["Марьям", "Мариам", "Maryam"],
    ["Зайнаб", "Зейнаб", "Zeynab"],
    ["Хадижат", "Хадиджа", "Khadija"],
    ["Джабраил", "Джебраил", "Жабраил", "Jabrail"],
    ["Курбан", "Қурбон", "Kurban"],
]
# Family names built on those names share the spellings (Магомедов, Магометов, Мухаммадов).
FAMILY_VARIANT_SUFFIXES = ("ов", "ев")
