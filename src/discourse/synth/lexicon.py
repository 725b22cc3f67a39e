"""Plain-data lexicon for the synthetic Pilkada Kaltim 2024 corpus (Indonesian content layer).

Everything here is data: tuples, dicts and frozen dataclasses, with no I/O and no logic beyond
trivial look-ups. :mod:`discourse.synth.text` composes post bodies from it, and the structural
generator (population, network, timeline, cascades) reads camps, narratives, hoax claims and
public-actor handles from it.

Sources and status
------------------
Every constant names the section of ``/work/shared/docs/DOMAIN.md`` it comes from. DOMAIN marks
facts **[V]** (verified against a cited source), **[P]** (partly verified) or **[U]**
(unverified / modelling assumption); the same markers are repeated here. Word lists, weights,
propensities, dates of synthetic hoaxes and every template are modelling choices **[U]**, built to
*imitate* the style of real posts: none is a real post, and all hoax texts are synthetic
templates that always pair with a debunk in the corpus (DOMAIN 6.1).

Real names appear only as *subjects* of text (candidates, institutions), never as authors. Every
account handle is a fictional stand-in (``*_demo``) copied from
``src/discourse/data/public_actors.csv``; every URL and web domain ends in ``.example``.

Examples
--------
>>> from discourse.synth import lexicon as lx
>>> lx.CAMPS
('01', '02', 'neutral', 'kk')
>>> len(lx.NARRATIVES), lx.NARRATIVES[0].key
(12, 'gratispol')
>>> [c.claim_id for c in lx.HOAX_CLAIMS][:3]
['H1', 'H2', 'H3']
>>> lx.CLAIMS_BY_ID["H10"].is_hoax is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "ACCOUNT_TYPES",
    "BANJAR",
    "CAMPS",
    "CANDIDATES",
    "CLAIMS_BY_ID",
    "CLAIM_PLACEHOLDERS",
    "ELECTION_JARGON",
    "EMOJI",
    "ENGLISH_MIX",
    "HASHTAGS",
    "HOAX_CLAIMS",
    "KELURAHAN",
    "NARRATIVES",
    "NARRATIVE_BY_KEY",
    "NICKNAMES",
    "PAIR_LABELS",
    "PUBLIC_ACTORS",
    "REGIONS",
    "SAMARINDA",
    "SLANG",
    "TOXIC_LABELS",
    "VERDICTS",
    "Claim",
    "Narrative",
]

# --------------------------------------------------------------------------------------------
# Camps and account types
# --------------------------------------------------------------------------------------------

#: Camps (stances) of the synthetic population. "01" = Isran Noor–Hadi Mulyadi supporters,
#: "02" = Rudy Mas'ud–Seno Aji supporters, "neutral" = no camp (citizens, media, institutions),
#: "kk" = Samarinda blank-column ("kotak/kolom kosong") activists. DOMAIN 1.1, 1.4, 6.2 [V] for
#: the contests; the four-way split is a modelling choice [U].
CAMPS: tuple[str, ...] = ("01", "02", "neutral", "kk")

#: Account types understood by :func:`discourse.synth.text.compose` (DOMAIN 6.2 table rows;
#: proportions there are [U]). "official" = a pair's registered campaign account.
ACCOUNT_TYPES: tuple[str, ...] = (
    "citizen",
    "supporter",
    "buzzer",
    "official",
    "institution",
    "media",
    "factcheck",
    "influencer",
    "kk_activist",
    "scam",
)

# --------------------------------------------------------------------------------------------
# Candidates and Samarinda
# --------------------------------------------------------------------------------------------

#: Governor pairs by ballot number (cagub, cawagub). DOMAIN 1.1 [V] (number draw 23 Sep 2024).
CANDIDATES: dict[str, tuple[str, str]] = {
    "01": ("Isran Noor", "Hadi Mulyadi"),
    "02": ("Rudy Mas'ud", "Seno Aji"),
}

#: Nicknames used in text. "Kai" for Isran and "Harum" for Rudy are [V] (DOMAIN 1.1, Tirto and
#: suara.com); that "Kai" means "grandfather" in Banjar is [U]. No other nickname is documented.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Isran Noor": ("Kai", "Pak Isran"),
    "Hadi Mulyadi": ("Pak Hadi",),
    "Rudy Mas'ud": ("Harum", "Pak Rudy"),
    "Seno Aji": ("Pak Seno",),
}

#: How posts refer to each pair (short forms). Pair names and numbers [V]; the short forms
#: ("IH", "kubu 01") are ordinary Indonesian usage [U].
PAIR_LABELS: dict[str, tuple[str, ...]] = {
    "01": ("Isran-Hadi", "paslon 01", "kubu 01", "nomor 1", "Kai"),
    "02": ("Rudy-Seno", "paslon 02", "kubu 02", "nomor 2", "Harum"),
}

#: Samarinda mayor race: the only Kaltim contest with a single pair against the blank column.
#: DOMAIN 0 item 2 and 1.4 [V]: Andi Harun–Saefuddin Zuhri (ballot 2) 88.12 % vs blank column
#: (ballot 1) 11.88 %; "Aliansi Kotak Kosong" banners ("tidak sombong, tidak arogan, tidak
#: korupsi, tidak omong kosong") removed by Satpol PP on 25 Oct on Bawaslu Samarinda's
#: recommendation. The hashtags #AndiHarun and #SamarindaKotaPeradaban are [U] (DOMAIN 6.3).
SAMARINDA: dict[str, object] = {
    "pair": ("Andi Harun", "Saefuddin Zuhri"),
    "nickname": "AH",
    "ballot_pair": "2",
    "ballot_blank": "1",
    "blank": ("kotak kosong", "kolom kosong"),
    "result_pct": {"pair": 88.12, "blank": 11.88},
    "votes": {"pair": 306392, "blank": 41301, "invalid": 18173},
    "alliance": "Aliansi Kotak Kosong",
    "banner": "kotak kosong tidak sombong, tidak arogan, tidak korupsi, tidak omong kosong",
    "hashtags": (("AndiHarun", 1.0), ("SamarindaKotaPeradaban", 0.5), ("SamarindaMemilih", 1.0)),
}

#: Regencies and cities of Kaltim (DOMAIN 1.2 table [V]) with the short forms used in posts
#: ("smd", "bpp", "kukar" are common informal abbreviations [U]).
REGIONS: dict[str, tuple[str, ...]] = {
    "Samarinda": ("Samarinda", "smd", "Kota Tepian"),
    "Balikpapan": ("Balikpapan", "bpp", "Kota Minyak"),
    "Kutai Kartanegara": ("Kukar", "Tenggarong"),
    "Kutai Timur": ("Kutim", "Sangatta"),
    "Paser": ("Paser", "Tanah Grogot"),
    "Berau": ("Berau", "Tanjung Redeb"),
    "Kutai Barat": ("Kubar", "Sendawar"),
    "Penajam Paser Utara": ("PPU", "Penajam", "Sepaku"),
    "Bontang": ("Bontang",),
    "Mahakam Ulu": ("Mahulu",),
}

#: Place names used to fill ``{kel}`` in hoax templates, by city: real kelurahan / area names of
#: Samarinda and Balikpapan (public geography, general knowledge [U]); the events attached to
#: them in the corpus are fictional.
KELURAHAN: dict[str, tuple[str, ...]] = {
    "Samarinda": (
        "Sempaja", "Lok Bahu", "Air Putih", "Sungai Pinang Dalam", "Karang Asam", "Loa Bakung",
        "Sidodadi", "Teluk Lerong", "Gunung Kelua", "Bukit Pinang",
    ),
    "Balikpapan": (
        "Sepinggan", "Klandasan", "Muara Rapak", "Damai", "Gunung Bahagia", "Gunung Samarinda",
    ),
}  # fmt: skip

# --------------------------------------------------------------------------------------------
# Public actors (fictional stand-in handles)
# --------------------------------------------------------------------------------------------

#: Role → fictional stand-in handle(s), copied by hand from
#: ``src/discourse/data/public_actors.csv`` (keep in sync; the CSV is the source of truth for
#: the pseudonymisation allow-list). DOMAIN 1.5 recommends fictional handles for everyone,
#: institutions included, because the real handles are [U]. Tuples hold several accounts.
PUBLIC_ACTORS: dict[str, str | tuple[str, ...]] = {
    "official_01": "paslon01_resmi_demo",
    "official_02": "paslon02_resmi_demo",
    "kpu": "kpu_prov_demo",
    "bawaslu": "bawaslu_prov_demo",
    "police": "humas_polda_demo",
    "diskominfo": "diskominfo_prov_demo",
    "pemprov": "pemprov_demo",
    "factcheck": ("cekfakta_demo", "turnbackhoax_demo"),
    "media": ("tribunkaltim_demo", "kaltimpost_demo", "kaltimtoday_demo", "antarakaltim_demo"),
}

# --------------------------------------------------------------------------------------------
# Narratives
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Narrative:
    """One of the twelve narratives of DOMAIN 6.4.

    Attributes
    ----------
    id : int
        Position in :data:`NARRATIVES` (0..11); DOMAIN numbers them 1..12.
    key : str
        Short slug, e.g. ``"gratispol"``.
    name : str
        English name.
    keywords : tuple of str
        Keyword list of DOMAIN 6.4, informal spellings kept (lower case except proper nouns and
        acronyms). Topic models should recover the narrative from these.
    lean : dict
        Relative propensity of each camp in :data:`CAMPS` to post on this narrative (unitless
        weights, [U]); the structural generator normalises them.
    camp_words : dict
        Camp → words/phrases that camp uses on this narrative (pro or contra framing), so camp
        vocabularies are separable by log-odds. Keys "01", "02" and optionally "kk" [U].
    toxic : bool
        True only for identity/SARA: generate sparingly, mild, with counter-speech.

    Examples
    --------
    >>> n = NARRATIVES[0]
    >>> n.id, n.key, sorted(n.lean) == sorted(CAMPS)
    (0, 'gratispol', True)
    """

    id: int
    key: str
    name: str
    keywords: tuple[str, ...]
    lean: dict[str, float] = field(hash=False)
    camp_words: dict[str, tuple[str, ...]] = field(hash=False)
    toxic: bool = False


#: The twelve narratives, keyword lists verbatim from DOMAIN 6.4 (the issues behind them are [V]
#: in DOMAIN 2.5; keyword lists, leans and camp words are modelling choices [U]). Camp words
#: follow the documented framings: 02 pro-Gratispol / "sinergi pusat" / "2 seperti Prabowo";
#: 01 "Pahamlah ikam", "Kaltim Berdaulat", BKT, "mustahil… dari mana duitnya?", "kartel
#: politik" (DOMAIN 1.1, 1.2, 6.2).
# fmt: off
NARRATIVES: tuple[Narrative, ...] = (
    Narrative(
        id=0,
        key="gratispol",
        name="Gratispol / free programmes",
        keywords=(
            "gratispol", "gratis pol", "sekolah gratis", "kuliah gratis", "sampe S3",
            "seragam gratis", "wifi gratis", "BPJS gratis", "umroh marbot", "DP rumah", "APBD",
            "anggaran", "janji manis", "realistis", "mustahil", "duitnya dari mana",
            "programnya jelas", "beasiswa", "BKT", "pencitraan",
        ),
        lean={"01": 1.0, "02": 1.6, "neutral": 0.8, "kk": 0.1},
        camp_words={
            "01": (
                "janji manis doang", "mustahil", "duitnya dari mana", "APBD ga cukup",
                "ga realistis", "PHP", "jangan mau dibohongi", "hitung dulu anggarannya",
                "BKT udah nyata", "omon-omon",
            ),
            "02": (
                "gratispol beneran", "anak kita kuliah gratis", "sampe S3 gratis",
                "programnya jelas", "pro rakyat", "akhirnya ada yg peduli", "bukan janji kosong",
                "wifi desa gratis", "gaskeun", "masa depan anak Kaltim",
            ),
        },
    ),
    Narrative(
        id=1,
        key="petahana",
        name="Incumbent record / Kaltim Berdaulat",
        keywords=(
            "petahana", "lanjutkan", "kaltim berdaulat", "pahamlah ikam", "kai",
            "beasiswa kaltim tuntas", "honorer", "APBD naik", "dana karbon", "jalan provinsi",
            "5 tahun", "bukti bukan janji", "prestasi", "gagal", "janji lama", "perubahan",
        ),
        lean={"01": 1.7, "02": 0.8, "neutral": 0.4, "kk": 0.1},
        camp_words={
            "01": (
                "pahamlah ikam", "bukti bukan janji", "lanjutkan", "kaltim berdaulat",
                "sudah terbukti", "honorer terlindungi", "dana karbon", "pengalaman",
                "pemimpin berpengalaman", "untuk semua",
            ),
            "02": (
                "janji lama", "5 tahun ngapain aja", "saatnya perubahan", "gagal",
                "generasi baru", "udah waktunya ganti", "darah muda", "cukup sudah",
                "jalan provinsi masih rusak", "kaltim butuh yg baru",
            ),
        },
    ),
    Narrative(
        id=2,
        key="ikn",
        name="IKN and the centre",
        keywords=(
            "IKN", "ibu kota", "Nusantara", "OIKN", "Sepaku", "PPU", "penyangga IKN",
            "sinergi pusat", "presiden", "Prabowo", "nomor 2", "anggaran IKN", "mangkrak",
            "investor", "lahan", "warga lokal", "pendatang", "pekerja lokal", "tol Balsam",
        ),
        lean={"01": 0.7, "02": 1.4, "neutral": 0.8, "kk": 0.1},
        camp_words={
            "01": (
                "IKN mangkrak", "warga lokal tersingkir", "lahan warga Sepaku",
                "jgn cuma nurut pusat", "daerah harus berdaulat", "pekerja lokal dilupakan",
                "investor kabur", "kedaulatan daerah",
            ),
            "02": (
                "sinergi pusat", "2 seperti Prabowo", "satu frekuensi sama pusat",
                "IKN jalan terus", "penyangga IKN maju", "investor masuk", "Kaltim emas",
                "sejalan sm presiden",
            ),
        },
    ),
    Narrative(
        id=3,
        key="tambang",
        name="Mining and environment",
        keywords=(
            "tambang", "batu bara", "batubara", "lubang tambang", "bekas tambang", "reklamasi",
            "JATAM", "tambang ilegal", "IUP", "konsesi", "anak tenggelam", "deforestasi",
            "sawit", "hilirisasi", "lingkungan", "emisi", "banjir bandang", "oligarki tambang",
            "pengusaha tambang",
        ),
        lean={"01": 0.8, "02": 0.4, "neutral": 1.0, "kk": 0.3},
        camp_words={
            "01": (
                "pengusaha tambang jadi gubernur", "oligarki tambang", "konflik kepentingan",
                "siapa yg punya IUP", "lubang tambang makan korban", "jangan serahkan ke cukong",
            ),
            "02": (
                "hilirisasi", "investasi hijau", "reklamasi ditegakkan", "lapangan kerja tambang",
                "ekonomi tumbuh", "tambang ilegal diberantas",
            ),
            "kk": ("tambang di mana2", "kota dikepung lubang tambang"),
        },
    ),
    Narrative(
        id=4,
        key="banjir_jalan",
        name="Floods, roads and infrastructure",
        keywords=(
            "banjir", "Samarinda banjir lagi", "genangan", "drainase", "SKM", "Karang Mumus",
            "jalan rusak", "jalan berlubang", "poros Samarinda-Bontang", "Samarinda-Kubar",
            "Kota Bangun", "macet", "jembatan", "longsor", "pengendalian banjir",
            "infrastruktur", "aspal", "proyek",
        ),
        lean={"01": 0.6, "02": 0.7, "neutral": 1.1, "kk": 0.6},
        camp_words={
            "01": (
                "jalan provinsi dibangun era Kai", "proyek lanjutan", "jangan lupa sejarah",
                "multiyears", "udah dikerjain",
            ),
            "02": (
                "5 tahun jalan tetap rusak", "infrastruktur mangkrak", "butuh gubernur baru",
                "aspal cuma tambal sulam", "jalan poros hancur",
            ),
            "kk": (
                "banjir gak kelar2", "janji wali kota", "proyek terowongan",
                "kotak kosong aja drpd banjir",
            ),
        },
    ),
    Narrative(
        id=5,
        key="dinasti",
        name="Dynasty and party-buying",
        keywords=(
            "dinasti", "politik dinasti", "keluarga Mas'ud", "Mas'ud bersaudara", "adik kakak",
            "istri", "kursi DPR", "borong partai", "kartel politik", "koalisi gemuk", "KIM Plus",
            "calon tunggal", "lawan kotak kosong", "demokrasi", "oligarki", "Golkar", "PDIP",
        ),
        lean={"01": 1.3, "02": 0.3, "neutral": 0.6, "kk": 0.8},
        camp_words={
            "01": (
                "kartel politik", "borong partai", "dinasti Mas'ud", "adik kakak semua jadi",
                "demokrasi dibajak", "hampir jadi calon tunggal", "koalisi gemuk",
            ),
            "02": (
                "koalisi besar", "semua partai percaya", "KIM Plus solid", "dukungan luas",
                "itu hak partai", "bukan dinasti tp dipilih rakyat",
            ),
            "kk": ("borong 10 partai", "demokrasi mati", "rakyat ga dikasih pilihan"),
        },
    ),
    Narrative(
        id=6,
        key="kotak_kosong",
        name="Samarinda blank column",
        keywords=(
            "kotak kosong", "kolom kosong", "calon tunggal", "AH", "Andi Harun",
            "coblos kolom kosong", "tidak sombong", "tidak omong kosong", "spanduk dicopot",
            "Satpol PP", "Bawaslu Samarinda", "aliansi", "borong 10 partai", "demokrasi mati",
            "88 persen", "pilihan rakyat",
        ),
        lean={"01": 0.15, "02": 0.15, "neutral": 0.5, "kk": 2.5},
        camp_words={
            "01": ("calon tunggal bukan demokrasi", "AH diborong partai"),
            "02": ("AH udah terbukti", "kotak kosong buang suara"),
            "kk": (
                "coblos kolom kosong", "kotak kosong tdk sombong", "tdk omong kosong",
                "spanduk kami dicopot", "lawan borong partai", "suara rakyat bukan suara partai",
                "kolom kosong juga pilihan", "aliansi kotak kosong",
            ),
        },
    ),
    Narrative(
        id=7,
        key="politik_uang",
        name="Money politics (allegations)",
        keywords=(
            "politik uang", "money politic", "serangan fajar", "amplop", "bagi-bagi duit",
            "sembako", "minyak goreng", "e-money", "50rb", "100rb",
            "ambil duitnya jgn pilih orangnya", "lapor Bawaslu", "Gakkumdu", "TSM",
            "video viral", "Pampang", "bukti",
        ),
        lean={"01": 1.1, "02": 0.5, "neutral": 0.9, "kk": 0.5},
        camp_words={
            "01": (
                "TSM", "politik uang terstruktur", "amplop di mana2", "bagi2 minyak goreng",
                "video Pampang", "kemenangan dibeli",
            ),
            "02": (
                "fitnah jelang pencoblosan", "mana buktinya", "kalah ya kalah aja",
                "cari kambing hitam", "laporan ngawur",
            ),
            "kk": ("serangan fajar calon tunggal", "rakyat dibeli"),
        },
    ),
    Narrative(
        id=8,
        key="penyelenggara",
        name="Election administration and results",
        keywords=(
            "KPU", "Bawaslu", "TPS", "DPT", "C6", "undangan", "surat suara", "tercoblos",
            "kotak suara", "C hasil", "Sirekap", "rekap", "rekapitulasi", "pleno",
            "quick count", "real count", "hitung cepat", "curang", "kecurangan", "saksi",
            "gugatan MK", "PSU",
        ),
        lean={"01": 0.9, "02": 0.8, "neutral": 1.2, "kk": 0.5},
        camp_words={
            "01": (
                "kawal suara", "gugatan MK", "kecurangan", "saksi kami", "C hasil beda",
                "belum selesai", "tunggu MK",
            ),
            "02": (
                "menang telak", "selisih 200 ribu", "terima hasilnya", "rakyat sudah memilih",
                "real count aman", "selamat gubernur baru",
            ),
            "kk": ("88 persen dibeli", "kolom kosong tetap bangga"),
        },
    ),
    Narrative(
        id=9,
        key="survei",
        name="Poll war",
        keywords=(
            "survei", "elektabilitas", "Poltracking", "IDM", "LSI", "survei bayaran",
            "survei pesanan", "abal-abal", "margin of error", "responden", "unggul", "salip",
            "menang telak", "52,9", "59,1",
        ),
        lean={"01": 1.0, "02": 1.0, "neutral": 0.6, "kk": 0.1},
        camp_words={
            "01": (
                "Poltracking 52,9", "Kai unggul", "survei IDM pesanan", "data ga bohong",
                "elektabilitas naik terus",
            ),
            "02": (
                "IDM 59,1", "Harum unggul jauh", "Poltracking abal-abal", "survei bayaran",
                "salip di tikungan",
            ),
        },
    ),
    Narrative(
        id=10,
        key="sara",
        name="Identity / SARA",
        keywords=(
            "putra daerah", "pendatang", "orang Kaltim asli", "Banjar", "Bugis", "Jawa",
            "Kutai", "Dayak", "Paser", "suku", "agama", "ulama", "pemimpin muslim",
            "politik identitas", "jangan bawa SARA", "Benua Etam", "persatuan",
            "miniatur Indonesia",
        ),
        lean={"01": 0.15, "02": 0.15, "neutral": 0.1, "kk": 0.05},
        camp_words={
            "01": ("putra daerah asli", "orang Kaltim sendiri", "ulama mendukung"),
            "02": ("putra Balikpapan", "anak muda Kaltim", "semua suku bersatu"),
        },
        toxic=True,
    ),
    Narrative(
        id=11,
        key="partisipasi",
        name="Turnout and civic",
        keywords=(
            "golput", "nyoblos", "coblos", "ayo ke TPS", "jangan golput", "pemilih pemula",
            "Gen Z", "KTP-el", "libur nasional", "27 November", "partisipasi", "suara kita",
            "hak pilih", "pilkada damai", "netral", "ASN netral",
        ),
        lean={"01": 0.5, "02": 0.5, "neutral": 1.6, "kk": 0.6},
        camp_words={
            "01": ("coblos nomor 1", "pilih yg berpengalaman", "jaga TPS"),
            "02": ("coblos nomor 2", "pilih perubahan", "gaskeun ke TPS"),
            "kk": ("coblos kolom kosong", "jangan golput, pilih kolom kosong"),
        },
    ),
)
# fmt: on

#: Narrative by slug.
NARRATIVE_BY_KEY: dict[str, Narrative] = {n.key: n for n in NARRATIVES}

# --------------------------------------------------------------------------------------------
# Hashtags, slang, local words
# --------------------------------------------------------------------------------------------

#: Hashtag groups (tag without "#", relative weight), DOMAIN 6.3. Slogans behind the tags are
#: [V] (DOMAIN 2.6); that these tags trended is [U], and so are the weights (DOMAIN marks
#: #PilkadaKaltim2024 "high"). Samarinda tags of the Andi Harun camp are in
#: ``SAMARINDA["hashtags"]``.
HASHTAGS: dict[str, tuple[tuple[str, float], ...]] = {
    "neutral": (
        ("PilkadaKaltim2024", 4.0),
        ("PilgubKaltim", 2.0),
        ("PilkadaSerentak2024", 1.0),
        ("KaltimMemilih", 1.0),
        ("SamarindaMemilih", 0.6),
        ("BalikpapanMemilih", 0.4),
        ("Pilkada2024", 0.8),
    ),
    "01": (
        ("IsranHadi", 3.0),
        ("KaltimBerdaulat", 2.0),
        ("PahamlahIkam", 2.0),
        ("Lanjutkan", 0.7),
        ("Nomor1", 1.0),
    ),
    "02": (
        ("RudySeno", 3.0),
        ("Gratispol", 2.0),
        ("GratisPol", 1.0),
        ("KaltimEmas", 1.0),
        ("Nomor2", 1.0),
        ("SinergiPusat", 0.8),
    ),
    "kk": (
        ("KotakKosong", 3.0),
        ("KolomKosong", 2.0),
    ),
    "civic": (
        ("TolakPolitikUang", 1.5),
        ("JanganGolput", 1.5),
        ("AyoNyoblos", 1.0),
        ("PilkadaDamai", 1.5),
        ("CekFakta", 1.0),
        ("LawanHoaks", 1.0),
        ("KawalSuara", 0.8),
    ),
}

#: Common chat and online slang, DOMAIN 6.5 (general usage [U]).
SLANG: tuple[str, ...] = (
    "yg", "gak", "ga", "nggak", "enggak", "gk", "bgt", "banget", "aja", "aj", "udh", "udah",
    "blm", "belom", "krn", "karna", "tdk", "dgn", "sdh", "utk", "tp", "jd", "jdi", "klo",
    "kalo", "gmn", "gimana", "knp", "emg", "emang", "bener", "bnr", "sih", "dong", "deh", "kok",
    "loh", "lho", "wkwk", "wkwkwk", "awokawok", "anjir", "gaes", "guys", "min", "bestie", "cuy",
    "bro", "gan", "netizen", "warganet", "+62", "mantul", "gaskeun", "sabi", "kuy", "otw",
    "auto", "fix", "valid", "no debat", "jir", "ygy",
)  # fmt: skip

#: Banjar and local words common in Samarinda and Balikpapan, DOMAIN 6.5. "ikam", "pahamlah
#: ikam", "Kai" and "Benua/Bumi Etam" are [V]; the other meanings are [U].
BANJAR: tuple[str, ...] = (
    "ikam", "pahamlah ikam", "ulun", "pian", "kada", "handak", "bubuhan", "kawa", "banar",
    "hanyar", "lawan", "Benua Etam", "Bumi Etam",
)  # fmt: skip

#: Mixed-English phrases (DOMAIN 6.5 "real talk", "no debat", "plot twist"; the rest [U]).
ENGLISH_MIX: tuple[str, ...] = (
    "real talk", "plot twist", "no debat", "btw", "fr", "literally", "honestly", "big no",
    "red flag", "case closed", "speechless", "unpopular opinion", "so far so good", "mood",
)  # fmt: skip

#: Emoji used in posts (DOMAIN 6.5: emoji are removed by the 2024 tweet-harvest CSV). Several
#: carry U+FE0F (variation selector), which that clean-up leaves behind.
EMOJI: tuple[str, ...] = (
    "😭", "🤔", "😂", "🤣", "🔥", "👍", "🙏", "💪", "👏", "😡", "🙄", "😤", "😅", "🥲", "🤡",
    "💯", "📢", "🗳️", "✌️", "☝️", "‼️", "🇮🇩", "🚨", "👀", "🫡", "🤝", "❤️", "💙", "🤍",
)  # fmt: skip

#: Election jargon and abbreviations, DOMAIN 6.5 (standard Indonesian election vocabulary).
ELECTION_JARGON: tuple[str, ...] = (
    "paslon", "cagub", "cawagub", "cabup", "cawabup", "cawali", "cawawali", "pilgub",
    "pilwali", "pilbup", "pilkada", "nyoblos", "coblos", "golput", "timses",
    "tim pemenangan", "relawan", "buzzer", "BuzzeRp", "pendukung", "kubu 01", "kubu 02",
    "petahana", "penantang", "kampanye akbar", "debat", "masa tenang", "serangan fajar",
    "quick count", "KPPS", "PPK", "PPS", "C6", "DPT",
)  # fmt: skip

#: Historic national polarisation labels (DOMAIN 6.5, usage in 2014–2019 literature [V]).
#: Derogatory: use rarely and flag as toxic in ground-truth columns.
TOXIC_LABELS: tuple[str, ...] = ("cebong", "kampret", "kadrun")

# --------------------------------------------------------------------------------------------
# Hoax claims and debunks
# --------------------------------------------------------------------------------------------

#: Fact-check verdict labels (DOMAIN 2.4 [V]: Komdigi "[HOAKS]", TurnBackHoax "[SALAH]" /
#: "[PENIPUAN]", Kompas "[KLARIFIKASI]", Mafindo type "Konten yang Menyesatkan").
VERDICTS: tuple[str, ...] = ("HOAKS", "SALAH", "MENYESATKAN", "KLARIFIKASI", "PENIPUAN")

#: Placeholders allowed in claim templates; :mod:`discourse.synth.text` fills them.
#: ``{cagub}`` target candidate name, ``{nick}`` nickname, ``{paslon}`` pair label, ``{tps}``
#: polling-station number (e.g. "017"), ``{kel}`` kelurahan, ``{kota}`` city, ``{pct}`` /
#: ``{pct2}`` percentages summing to 100 ("62,3"), ``{jam}`` clock time, ``{nominal}`` rupiah
#: amount, ``{wa}`` fake phone number (always "08xx-xxxx-xxxx" masked).
CLAIM_PLACEHOLDERS: tuple[str, ...] = (
    "cagub", "nick", "paslon", "tps", "kel", "kota", "pct", "pct2", "jam", "nominal", "wa",
)  # fmt: skip


@dataclass(frozen=True)
class Claim:
    """A synthetic hoax/debunk pair, H1..H11 of DOMAIN 6.6.

    Attributes
    ----------
    claim_id : str
        "H1".."H11".
    title : str
        Short Indonesian title.
    verdict : str
        One of :data:`VERDICTS`; debunk templates start with ``"[" + verdict + "]"``.
    is_hoax : bool or None
        True for hoaxes and scams; None for H10 (an allegation, ``gt_is_hoax = unknown``).
    narrative : int
        Index into :data:`NARRATIVES`.
    favours : str
        Camp the hoax helps: "01", "02", "kk", or "neutral" for scams.
    target : str
        Camp the hoax attacks or impersonates ("01", "02", "kk", "neutral"); fills ``{cagub}``.
    hoax_templates : tuple of str
        3–6 informal synthetic variants (placeholders of :data:`CLAIM_PLACEHOLDERS`).
    debunk_templates : tuple of str
        2–4 formal variants, each starting with ``"[VERDICT]"``.
    keywords : tuple of str
        Lower-case words or phrases a claim matcher would use.
    hoax_domains : tuple of str
        Fictional web domains that carry the hoax (``*.example``).
    debunk_url : str
        Fictional fact-check URL (``https://cekfakta.example/...``).
    first_seen : str
        When the hoax starts: ISO 8601 local WITA wall-clock time without offset
        (``"YYYY-MM-DDTHH:MM"``, read by ``datetime.fromisoformat``), within
        2024-06-01..2025-03-31.
    debunk_delay_hours : float
        Typical delay before the first debunk (2–48 h) [U].
    basis : str
        What DOMAIN says about the pattern ([V]/[U]).

    Examples
    --------
    >>> claim = CLAIMS_BY_ID["H1"]
    >>> claim.verdict, claim.is_hoax, claim.debunk_templates[0].startswith("[")
    ('SALAH', True, True)
    """

    claim_id: str
    title: str
    verdict: str
    is_hoax: bool | None
    narrative: int
    favours: str
    target: str
    hoax_templates: tuple[str, ...]
    debunk_templates: tuple[str, ...]
    keywords: tuple[str, ...]
    hoax_domains: tuple[str, ...]
    debunk_url: str
    first_seen: str
    debunk_delay_hours: float
    basis: str = ""


#: The eleven hoax/debunk pairs of DOMAIN 6.6 (phrasings there are synthetic; the *patterns* are
#: [V] as noted in ``basis``). First-seen times place each in the DOMAIN 6.7 timeline [U].
HOAX_CLAIMS: tuple[Claim, ...] = (
    Claim(
        claim_id="H1",
        title="Video Kai menangis karena kalah",
        verdict="SALAH",
        is_hoax=True,
        narrative=8,
        favours="02",
        target="01",
        hoax_templates=(
            "Nangis kai kalah 😭 udh tau diri dia, hasil quick count gak bisa bohong",
            "wkwk liat nih video {cagub} nangis krn kalah pilgub, rekap belum selesai udh mewek",
            "NANGIS KAI KALAH!! videonya viral, ternyata petahana ga siap kalah",
            "kasian bgt {nick} nangis abis kalah, katanya kuat 😂 quick count udah jelas",
            "video {cagub} nangis beredar di tiktok, tanda2 ngaku kalah sblm pleno KPU",
        ),
        debunk_templates=(
            "[SALAH] Video {cagub} menangis karena kalah Pilkada. Faktanya, video diambil dari "
            "monolog kampanye akbar 23 November 2024, sebelum pemungutan suara.",
            "[SALAH] Klaim video Isran Noor menangis setelah kalah tidak benar. Rekaman berasal "
            "dari kampanye penutup 23 November 2024 yang disunting ulang dengan narasi keliru.",
            "[SALAH] Beredar video dengan narasi 'Nangis kai kalah'. Hasil penelusuran: konteks "
            "salah, video kampanye 23 November 2024 dipotong dan diberi keterangan baru.",
        ),
        keywords=("nangis", "menangis", "kai kalah", "video", "kalah", "mewek"),
        hoax_domains=("beritaviral-kaltim.example", "tiktokviral-etam.example"),
        debunk_url="https://cekfakta.example/2024/11/29/h1-video-kai-menangis",
        first_seen="2024-11-28T10:00",
        debunk_delay_hours=26.0,
        basis="[V] Tirto fact-check of a 28 Nov 2024 TikTok clip (DOMAIN 2.2)",
    ),
    Claim(
        claim_id="H2",
        title="Giveaway suara AI catut cagub",
        verdict="PENIPUAN",
        is_hoax=True,
        narrative=7,
        favours="neutral",
        target="02",
        hoax_templates=(
            "Assalamualaikum saya {cagub}, yg follow, like & share video ini sy transfer "
            "{nominal}, hubungi WA di bio. Ini amanah bukan hoaks",
            "NAZAR MENANG PILKADA: {cagub} bagi2 {nominal} utk 100 org pertama, chat WA {wa} "
            "skrg jg!!",
            "alhamdulillah udh dpt transferan dr {cagub} {nominal}, buruan follow & komen, "
            "hubungi admin WA {wa}",
            "Bagi2 rezeki dari {paslon}: share video ini, kirim KTP & nomor rekening ke WA {wa}, "
            "langsung cair {nominal}",
        ),
        debunk_templates=(
            "[PENIPUAN] Audio suara {cagub} yang menjanjikan transfer uang adalah rekayasa AI "
            "(probabilitas 99%). Akun bukan akun resmi paslon. Jangan kirim data pribadi.",
            "[PENIPUAN] Video bagi-bagi uang mengatasnamakan {cagub} hoaks. Hasil uji detektor: "
            "96% suara buatan AI. Nomor WA di bio bukan milik tim resmi.",
            "[PENIPUAN] Waspada akun palsu mencatut nama paslon Pilkada Kaltim yang meminta KTP "
            "dan nomor rekening. Laporkan akun tersebut.",
        ),
        keywords=("transfer", "giveaway", "nazar", "wa di bio", "hubungi wa", "bagi2", "rekening"),
        hoax_domains=("hadiah-paslon.example", "giveaway-kaltim.example"),
        debunk_url="https://cekfakta.example/2024/11/26/h2-giveaway-suara-ai",
        first_seen="2024-11-25T19:00",
        debunk_delay_hours=30.0,
        basis="[V] national AI-voice scam pattern (DOMAIN 2.3 item 1); Kaltim use [U]",
    ),
    Claim(
        claim_id="H3",
        title="Exit poll palsu sebelum 16.00 WITA",
        verdict="HOAKS",
        is_hoax=True,
        narrative=8,
        favours="02",
        target="01",
        hoax_templates=(
            "EXIT POLL jam {jam}: Paslon 02 {pct}% vs 01 {pct2}% (1.200 responden) AYO KE TPS "
            "ikut yg menang!!",
            "bocoran exit poll pagi ini: Rudy-Seno {pct}%, Isran-Hadi {pct2}%. udh fix menang "
            "telak",
            "Hasil exit poll sementara Pilgub Kaltim {jam} WITA: 02 unggul {pct}%!! sebarkan",
            "exit poll 1200 responden: nomor 2 {pct}% 🔥 yg masih di rumah buruan nyoblos",
        ),
        debunk_templates=(
            "[HOAKS] Exit poll Pilgub Kaltim yang beredar pagi hari. Lembaga tidak terdaftar di "
            "Persepi; hasil hitung cepat baru boleh diumumkan pukul 15.00 WIB (16.00 WITA).",
            "[HOAKS] Tidak ada lembaga resmi yang merilis exit poll sebelum 16.00 WITA. "
            "Publikasi sebelum waktu itu melanggar PKPU. Tunggu hasil resmi KPU.",
            "[HOAKS] Unggahan 'Exit Poll 1.200 responden' tidak memiliki sumber jelas dan "
            "dipublikasikan saat TPS masih dibuka.",
        ),
        keywords=("exit poll", "responden", "hasil sementara", "bocoran", "unggul"),
        hoax_domains=("survei-kilat.example", "hasilpilkada-cepat.example"),
        debunk_url="https://cekfakta.example/2024/11/27/h3-exit-poll",
        first_seen="2024-11-27T09:00",
        debunk_delay_hours=3.0,
        basis="[V] national fake exit-poll pattern (DOMAIN 2.3 item 2)",
    ),
    Claim(
        claim_id="H4",
        title="Surat suara sudah tercoblos",
        verdict="KLARIFIKASI",
        is_hoax=True,
        narrative=8,
        favours="01",
        target="02",
        hoax_templates=(
            "SURAT SUARA SUDAH TERCOBLOS? TPS {tps} Kel. {kel}, {kota}. Kawal!!",
            "ada video surat suara udh dicoblos nomor 2 di TPS {tps} {kel}, KPU tidur??",
            "waspada gaes surat suara tercoblos ditemukan di {kel} {kota}, saksi jgn lengah",
            "ini buktinya surat suara udah tercoblos sblm nyoblos, TPS {tps} {kel}. curang!!",
        ),
        debunk_templates=(
            "[KLARIFIKASI] KPU: surat suara rusak di TPS {tps} {kel} sudah diganti dan dicatat "
            "dalam berita acara; tidak ada surat suara tercoblos dibagikan ke pemilih.",
            "[KLARIFIKASI] Bawaslu memastikan video surat suara tercoblos di {kota} tidak "
            "terkait pemungutan suara 27 November 2024. Pemungutan berjalan sesuai prosedur.",
            "[KLARIFIKASI] Surat suara dalam video adalah surat suara rusak yang dipisahkan "
            "KPPS, bukan surat suara tercoblos yang diberikan kepada pemilih.",
        ),
        keywords=("surat suara", "tercoblos", "dicoblos", "tps", "kawal"),
        hoax_domains=("kawalpilkada-etam.example", "beritaviral-kaltim.example"),
        debunk_url="https://cekfakta.example/2024/11/27/h4-surat-suara-tercoblos",
        first_seen="2024-11-26T20:00",
        debunk_delay_hours=10.0,
        basis="[V] national pattern (DOMAIN 2.3 item 3); Kaltim location [U]",
    ),
    Claim(
        claim_id="H5",
        title="Surat palsu minta dana pengamanan Pilkada",
        verdict="HOAKS",
        is_hoax=True,
        narrative=8,
        favours="neutral",
        target="neutral",
        hoax_templates=(
            "beredar surat berkop Pemprov Kaltim minta perusahaan setor bantuan dana pengamanan "
            "Pilkada {nominal}, ini resmi kah??",
            "SURAT EDARAN: perusahaan tambang & sawit di {kota} wajib kirim dana pengamanan "
            "Pilkada, transfer ke rekening panitia",
            "ada surat ttd pejabat pemprov minta dana pengamanan pilkada ke pengusaha, gila ya "
            "blm nyoblos udh minta duit",
        ),
        debunk_templates=(
            "[HOAKS] Pemprov/Diskominfo Kaltim: surat permintaan dana pengamanan Pilkada "
            "adalah surat palsu, nomor dan tanda tangan tidak sesuai.",
            "[HOAKS] Surat berkop Pemprov Kaltim yang meminta bantuan dana dari perusahaan "
            "tidak pernah diterbitkan. Laporkan bila menerima permintaan serupa.",
        ),
        keywords=("surat", "dana pengamanan", "kop", "perusahaan", "surat palsu"),
        hoax_domains=("edaran-pemprov.example", "infoterkini-etam.example"),
        debunk_url="https://cekfakta.example/2024/10/11/h5-surat-dana-pengamanan",
        first_seen="2024-10-10T09:00",
        debunk_delay_hours=24.0,
        basis="[V] 2020 forged-governor-letter pattern (DOMAIN 2.2)",
    ),
    Claim(
        claim_id="H6",
        title="Kartu kutipan palsu soal IKN",
        verdict="SALAH",
        is_hoax=True,
        narrative=2,
        favours="01",
        target="02",
        hoax_templates=(
            "{cagub}: 'Kalau saya kalah, IKN saya minta dipindah' 😡 sombong bgt ni calon",
            "liat nih quote {cagub} abis debat: kalah = IKN dipindah. ngancem rakyat??",
            "KATANYA SINERGI PUSAT, ternyata {cagub} bilang IKN dipindah kalo dia kalah",
            "screenshot berita: {cagub} ancam minta IKN dipindah bila kalah pilgub. share!!",
        ),
        debunk_templates=(
            "[SALAH] Tidak ada pernyataan {cagub} soal IKN dipindah dalam debat maupun "
            "wawancara; gambar kutipan adalah hasil suntingan.",
            "[SALAH] Kartu kutipan 'Kalau saya kalah, IKN saya minta dipindah' palsu. Logo "
            "media dicatut, berita aslinya tidak pernah ada.",
        ),
        keywords=("ikn dipindah", "kutipan", "quote", "kalau saya kalah", "dipindah"),
        hoax_domains=("kutipan-tokoh.example", "beritaviral-kaltim.example"),
        debunk_url="https://cekfakta.example/2024/11/05/h6-kutipan-ikn-dipindah",
        first_seen="2024-11-04T08:00",
        debunk_delay_hours=20.0,
        basis="[V] pattern (2021 'rudal' quote card, DOMAIN 2.2); content [U]",
    ),
    Claim(
        claim_id="H7",
        title="Gratispol tidak berlaku untuk kedokteran",
        verdict="HOAKS",
        is_hoax=True,
        narrative=0,
        favours="01",
        target="02",
        hoax_templates=(
            "Gratispol ga berlaku buat kedokteran, cuma jurusan tertentu, PHP doang",
            "info dari grup: kuliah gratis gratispol cuma utk jurusan tertentu, kedokteran "
            "bayar sendiri. udh kuduga",
            "jangan ketipu, gratispol sampe S3 itu bohong, anak kedokteran dicoret 🙄",
            "gratispol = gratis pol-pol-an janji doang, kedokteran & teknik ga masuk",
        ),
        debunk_templates=(
            "[HOAKS] Gubernur Kaltim: kabar Gratispol tidak mencakup kedokteran adalah hoaks; "
            "semua jurusan sampai S3 tercakup.",
            "[HOAKS] Pemprov Kaltim menegaskan program pendidikan gratis berlaku untuk semua "
            "program studi, termasuk kedokteran. Cek informasi resmi.",
        ),
        keywords=("gratispol", "kedokteran", "jurusan", "kuliah gratis", "ga berlaku"),
        hoax_domains=("kampus-info-kaltim.example", "infoterkini-etam.example"),
        debunk_url="https://cekfakta.example/2025/03/12/h7-gratispol-kedokteran",
        first_seen="2025-03-10T11:00",
        debunk_delay_hours=40.0,
        basis="[V] Governor called it a hoax in Mar 2025 (DOMAIN 2.2)",
    ),
    Claim(
        claim_id="H8",
        title="Provokasi IKN: warga lokal tersingkir",
        verdict="MENYESATKAN",
        is_hoax=True,
        narrative=10,
        favours="01",
        target="02",
        hoax_templates=(
            "IKN cuma buat pendatang, orang lokal tersingkir!! warga adat ngamuk, liat videonya",
            "VIRAL: warga {kota} demo tolak pendatang di IKN, suku lokal marah besar",
            "orang Kaltim asli cuma jadi penonton di IKN, pendatang semua. videonya rame",
        ),
        debunk_templates=(
            "[MENYESATKAN] Video yang disebut demo warga lokal menolak pendatang di IKN adalah "
            "video lama tahun 2022 dengan konteks berbeda.",
            "[MENYESATKAN] Rekaman unjuk rasa dalam unggahan tidak terkait IKN maupun Pilkada "
            "2024. Jangan bawa SARA, cek sumber sebelum membagikan.",
        ),
        keywords=("pendatang", "orang lokal", "tersingkir", "ngamuk", "ikn", "demo"),
        hoax_domains=("suarabenua.example", "beritaviral-kaltim.example"),
        debunk_url="https://cekfakta.example/2024/10/17/h8-video-lama-ikn",
        first_seen="2024-10-15T20:00",
        debunk_delay_hours=36.0,
        basis="[V] 2023 IKN provocation pattern (DOMAIN 2.2); Pilkada use [U]",
    ),
    Claim(
        claim_id="H9",
        title="Kolom kosong menang di Samarinda",
        verdict="SALAH",
        is_hoax=True,
        narrative=6,
        favours="kk",
        target="neutral",
        hoax_templates=(
            "Kolom kosong menang di Samarinda, Pilkada diulang 2025!",
            "BREAKING: kotak kosong unggul di {kel}, Samarinda pilwali diulang tahun depan",
            "kabar dr saksi: kolom kosong menang, AH gagal dilantik. pilkada smd diulang!!",
            "akhirnya rakyat menang, kolom kosong menang Samarinda. demokrasi blm mati",
        ),
        debunk_templates=(
            "[SALAH] Hasil pleno KPU Samarinda: Andi Harun–Saefuddin 88,12%, kolom kosong "
            "11,88%. Kolom kosong menang di Pangkalpinang, bukan Samarinda.",
            "[SALAH] Tidak ada pemilihan ulang wali kota Samarinda. Kolom kosong memperoleh "
            "11,88% suara menurut rekapitulasi resmi KPU.",
        ),
        keywords=("kolom kosong menang", "kotak kosong menang", "diulang", "pilkada ulang"),
        hoax_domains=("samarinda-terkini.example", "infoterkini-etam.example"),
        debunk_url="https://cekfakta.example/2024/11/30/h9-kolom-kosong-menang",
        first_seen="2024-11-29T20:00",
        debunk_delay_hours=18.0,
        basis="Facts [V] (DOMAIN 1.4); rumour [U]",
    ),
    Claim(
        claim_id="H10",
        title="Video bagi-bagi amplop di Pampang (dugaan)",
        verdict="KLARIFIKASI",
        is_hoax=None,
        narrative=7,
        favours="01",
        target="02",
        hoax_templates=(
            "Viral! Bagi2 amplop pas kampanye di Pampang, Bawaslu kemana??",
            "video bagi2 duit di Pampang beredar, ini bukti politik uang TSM. lapor Bawaslu!",
            "katanya bersih, tp ada video amplop di Pampang. serangan fajar sebelum waktunya",
            "tolong diusut video bagi2 uang di acara kampanye Pampang, jgn dibiarin",
        ),
        debunk_templates=(
            "[KLARIFIKASI] Bawaslu Kaltim menerima laporan video bagi-bagi uang di Pampang dan "
            "melakukan kajian; status: dugaan, belum terbukti.",
            "[KLARIFIKASI] Laporan dugaan politik uang di Pampang sedang ditangani Bawaslu dan "
            "Gakkumdu. Publik diminta tidak menyimpulkan sebelum hasil kajian.",
        ),
        keywords=("pampang", "amplop", "bagi2", "politik uang", "video"),
        hoax_domains=("kawalpilkada-etam.example",),
        debunk_url="https://cekfakta.example/2024/11/25/h10-video-pampang",
        first_seen="2024-11-24T21:00",
        debunk_delay_hours=20.0,
        basis="[V] allegation reported to Bawaslu 25 Nov 2024 (DOMAIN 2.2): not a hoax",
    ),
    Claim(
        claim_id="H11",
        title="Survei palsu: 01 unggul 70 persen",
        verdict="HOAKS",
        is_hoax=True,
        narrative=9,
        favours="01",
        target="02",
        hoax_templates=(
            "SURVEI TERBARU: 01 unggul {pct}%!! lembaga independen, 2.000 responden",
            "survei terbaru bocor: Isran-Hadi {pct}% Rudy-Seno {pct2}%. udh jelas siapa "
            "pemenangnya",
            "rilis Lembaga Survei Etam Independen: elektabilitas Kai {pct}%, salip jauh 🔥",
        ),
        debunk_templates=(
            "[HOAKS] Lembaga yang disebut merilis survei '01 unggul {pct}%' tidak terdaftar; "
            "bandingkan dengan rilis resmi lembaga anggota Persepi.",
            "[HOAKS] Tidak ada survei dengan hasil tersebut. Nama lembaga fiktif dan "
            "metodologi tidak dicantumkan.",
        ),
        keywords=("survei terbaru", "unggul", "elektabilitas", "responden", "lembaga"),
        hoax_domains=("survei-etam.example", "rilis-survei.example"),
        debunk_url="https://cekfakta.example/2024/11/11/h11-survei-palsu",
        first_seen="2024-11-10T19:00",
        debunk_delay_hours=24.0,
        basis="[V] fake-survey pattern (DOMAIN 6.6); content [U]",
    ),
)

#: Claim by id ("H1".."H11").
CLAIMS_BY_ID: dict[str, Claim] = {c.claim_id: c for c in HOAX_CLAIMS}
