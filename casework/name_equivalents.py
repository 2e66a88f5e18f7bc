"""Given names that are one name in Belarusian and Russian (and in the usual Latin forms).

Святлана and Светлана, Ганна and Анна, Уладзімір and Владимир are the same person's name
written in the two languages; no transliteration makes them alike, so they are listed here.
Each group is one name: its Belarusian and Russian forms and the international forms that
passports of other countries use. Spellings of these forms in any romanisation need not be
listed: they fold to the same key (casework.names.fold_word).
"""

from __future__ import annotations

from functools import cache

GIVEN_NAME_GROUPS: list[tuple[str, ...]] = [
    # Men
    ("Аляксандр", "Алесь", "Александр", "Alexander", "Aleksander", "Alexandre"),
    ("Аляксей", "Алексей", "Alexey", "Alexei"),
    ("Анатоль", "Анатолий"),
    ("Андрэй", "Андрей", "Andrew", "Andrzej"),
    ("Антон", "Антон", "Anton"),
    ("Арцём", "Арцем", "Артём", "Артем"),
    ("Багдан", "Богдан"),
    ("Барыс", "Борис"),
    ("Вадзім", "Вадим"),
    ("Валерый", "Валерий"),
    ("Васіль", "Василий", "Vasil", "Vasily"),
    ("Віталь", "Виталий"),
    ("Віктар", "Виктор", "Victor", "Wiktor"),
    ("Генадзь", "Геннадий"),
    ("Георгій", "Юрый", "Юрий", "Георгий", "Yuri", "George"),
    ("Грыгорый", "Рыгор", "Григорий"),
    ("Дзяніс", "Денис"),
    ("Дзмітрый", "Зміцер", "Дмитрий", "Dmitri", "Dmitry"),
    ("Яўген", "Явген", "Евгений", "Eugene"),
    ("Ягор", "Егор"),
    ("Іван", "Янка", "Иван", "Ivan"),
    ("Ігар", "Игорь", "Igor"),
    ("Ілья", "Илья"),
    ("Кірыл", "Кирилл"),
    ("Канстанцін", "Константин", "Konstantin"),
    ("Лявон", "Леон", "Лев", "Leon"),
    ("Максім", "Максим", "Maxim", "Maksim", "Maksym"),
    ("Мікалай", "Мікола", "Николай", "Nikolai", "Nicholas", "Mikola"),
    ("Міхаіл", "Міхась", "Михаил", "Michael", "Michal"),
    ("Алег", "Олег"),
    ("Павел", "Павал", "Павел", "Paul", "Pawel"),
    ("Пётр", "Пятро", "Петр", "Пётр", "Peter", "Piotr"),
    ("Раман", "Роман", "Roman"),
    ("Сяргей", "Сергей", "Sergiusz"),
    ("Сямён", "Семен", "Семён"),
    ("Станіслаў", "Станислав"),
    ("Сцяпан", "Степан"),
    ("Цімафей", "Тимофей"),
    ("Уладзімір", "Уладзь", "Владимир", "Wladimir", "Wlodzimierz"),
    ("Уладзіслаў", "Владислав"),
    ("Фёдар", "Федар", "Фёдор", "Федор", "Fiodar", "Fedor"),
    ("Эдуард", "Эдуард"),
    ("Юрась", "Юрий"),
    ("Якаў", "Яков"),
    ("Зянон", "Зенон", "Zenon"),
    ("Франц", "Франтишек", "Франциск"),
    ("Анатоль", "Анатолий"),
    # Women
    ("Алена", "Алёна", "Елена", "Олена", "Helena", "Elena", "Jelena"),
    ("Алеся", "Олеся"),
    ("Ала", "Алла"),
    ("Анастасія", "Настасся", "Анастасия", "Anastasia"),
    ("Ганна", "Анна", "Hanna", "Anna", "Anne"),
    ("Валянціна", "Валентина"),
    ("Вераніка", "Вероника", "Veronica"),
    ("Вера", "Вера"),
    ("Вольга", "Ольга", "Olga", "Volha"),
    ("Галіна", "Галина", "Halina", "Galina"),
    ("Дар'я", "Дарья", "Daria"),
    ("Яўгенія", "Евгения", "Eugenia"),
    ("Кацярына", "Кацiрына", "Екатерина", "Katherine", "Catherine", "Katarzyna"),
    ("Ксенія", "Ксения", "Ксюша"),
    ("Людміла", "Людмила"),
    ("Марыя", "Мария", "Maria", "Mary", "Marie"),
    ("Марына", "Марина"),
    ("Надзея", "Надежда", "Nadzeya", "Nadezhda"),
    ("Наталля", "Наталья", "Наталия", "Natalia", "Natalie"),
    ("Ірына", "Ирина", "Irina", "Irena"),
    ("Святлана", "Светлана", "Sviatlana", "Svetlana"),
    ("Таццяна", "Тацяна", "Татьяна", "Tatiana"),
    ("Юлія", "Юлия", "Julia", "Yulia"),
    ("Яна", "Яна", "Jana"),
    ("Лізавета", "Елізавета", "Елизавета", "Elizabeth"),
    ("Любоў", "Любовь"),
    ("Тамара", "Тамара"),
    ("Зінаіда", "Зинаида"),
    ("Раіса", "Раиса"),
    ("Лідзія", "Лидия"),
    ("Ульяна", "Ульяна", "Ульяна"),
    ("Эліна", "Элина"),
]


@cache
def given_name_groups() -> dict[str, frozenset[str]]:
    """Fine form (casework.names.fold_word) of every listed name -> the groups it is in, each
    group named by the fine form of its first name (stable when groups are added)."""
    from casework.names import fold_word, name_words

    groups: dict[str, set[str]] = {}
    for group in GIVEN_NAME_GROUPS:
        label = fold_word(name_words(group[0])[0])[0]
        for name in group:
            for word in name_words(name):
                for fine in fold_word(word):
                    groups.setdefault(fine, set()).add(label)
    return {fine: frozenset(labels) for fine, labels in groups.items()}
