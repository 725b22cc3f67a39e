"""Indonesian post bodies for the synthetic Pilkada Kaltim 2024 corpus.

A fast template composer built on :mod:`discourse.synth.lexicon`. It writes the *text* of one
synthetic X post from a handful of labels (kind, narrative, camp, account type, hoax claim and
role); the structural generator decides who posts what, when and to whom.

Design
------
* **Registers.** Citizens, supporters, buzzers, kotak-kosong activists and scam accounts write
  informal Indonesian (slang, Banjar words, elongations, emoji, mixed English, per ``noise``);
  institutions, media and fact-checkers write formally ("Imbauan: …", headlines with links,
  "[SALAH] …"); official campaign accounts and influencers sit in between.
* **Separable signals.** Every narrative post carries one or two of the narrative's DOMAIN 6.4
  keywords (so topic models recover it) and, for camps "01", "02" and "kk", that camp's framing
  words for the narrative (so log-odds separates camps). Neutral posts use neither camp's words.
* **Determinism and speed.** Every post consumes exactly one row of :data:`N_DRAWS` uniforms
  from ``rng`` (``rng.random(N_DRAWS)``), so ``compose_many(rng, specs)`` returns exactly
  ``[compose(rng, **s) for s in specs]`` and draws its uniforms in blocks. No regular expression
  runs per post; word arrays are prepared at import.
* **Synthetic by construction.** All handles are ``*_demo`` stand-ins, all links end in
  ``.example``, hoax texts are templates of DOMAIN 6.6 that always pair with a debunk.

Examples
--------
>>> import numpy as np
>>> from discourse.synth.text import compose
>>> text = compose(np.random.default_rng(7), kind="original", topic=0, camp="02",
...                account_type="supporter")
>>> 0 < len(text) <= 280
True
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher
from itertools import chain, count

import numpy as np

from . import lexicon as lx

__all__ = [
    "N_DRAWS",
    "compose",
    "compose_many",
    "harvest_2024_clean",
    "is_toxic",
    "near_duplicates",
    "truncate_for_retweet",
]

#: Uniform draws consumed per post (one row of ``rng.random((n, N_DRAWS))``). A post that needs
#: more continues deterministically from the same row (see :func:`_draws`).
N_DRAWS = 48

#: X's post length limit in characters.
MAX_CHARS = 280

KINDS = frozenset({"original", "quote", "reply"})
ROLES = frozenset({"none", "hoax", "debunk", "share"})
ACCOUNT_TYPES = frozenset(lx.ACCOUNT_TYPES)
CAMPS = frozenset(lx.CAMPS)
INFORMAL = frozenset({"citizen", "supporter", "buzzer", "kk_activist", "scam"})

# --------------------------------------------------------------------------------------------
# Word material (modelling choices [U]; vocabulary from DOMAIN 6.4–6.5)
# --------------------------------------------------------------------------------------------

_PAIR_SHORT = {"01": ("Isran-Hadi", "paslon 01", "kubu 01", "Kai"),
               "02": ("Rudy-Seno", "paslon 02", "kubu 02", "Harum"),
               "kk": ("kolom kosong", "kotak kosong"),
               "neutral": ("paslon",)}  # fmt: skip
_OPPONENT = {"01": "02", "02": "01", "kk": "kk", "neutral": "neutral"}
_PAIR_FORMAL = {"01": "Paslon 01 Isran Noor–Hadi Mulyadi", "02": "Paslon 02 Rudy Mas'ud–Seno Aji"}
_SLOGAN = {
    "01": ("Pahamlah ikam!", "Kaltim Berdaulat untuk Semua.", "Lanjutkan!"),
    "02": ("Gratispol!", "Kaltim Emas!", "Sinergi pusat, Kaltim maju."),
}

#: Camp-specific informal tails (chants and slogans, DOMAIN 1.1 and 2.6 [V]).
_CAMP_TAILS = {
    "01": ("pahamlah ikam", "kaltim berdaulat", "lanjutkan", "pahamlah ikam?"),
    "02": ("gratispol!", "gaskeun nomor 2", "kaltim emas", "gratis pol!"),
    "kk": ("coblos kolom kosong", "kotak kosong tdk sombong", "kolom kosong melawan"),
    "neutral": ("",),
}
_TAILS = ("", "", "", "wkwk", "no debat", "setuju gak?", "gimana menurut kalian?", "fix",
          "titik.", "gaes", "cuy", "bro", "ygy", "sih", "jir", "awokawok", "valid", "bestie",
          "mantul")  # fmt: skip

#: Words the kk camp uses on narratives without their own kk words.
_KK_GENERIC = ("kolom kosong aja", "lawan borong partai", "demokrasi bukan borongan",
               "suara rakyat samarinda", "kotak kosong tdk omong kosong")  # fmt: skip

#: Neutral takes (no camp vocabulary).
_NEUTRAL_TAKES = (
    "siapapun yang menang tolong diberesin", "dua-duanya sama aja", "yang penting realisasi",
    "rakyat cuma butuh bukti", "jangan cuma janji pas kampanye", "masih bingung mau pilih siapa",
    "tunggu debat dulu deh", "kita kawal bareng2", "semoga gak cuma omongan",
    "tolong dijawab pake data", "aku sih netral aja", "jangan lupa dicatat janjinya",
)  # fmt: skip

#: Indonesian number formats per narrative (DOMAIN 1.1, 1.2, 1.4, 2.5 figures [V]).
_NUMBERS = (
    ("APBD Rp21 T", "Rp2,5 T", "Rp1,7 T", "APBD cuma Rp21-25 T", "Rp25 T"),
    ("5 thn", "Rp2,5 T", "2018-2023", "Rp1,7 T"),
    ("Rp6,39 T", "Rp27,8 T", "3 TPS khusus", "3.000 dr 13.000 pekerja"),
    ("51 korban", "51 nyawa", "55 korban", "2011-2024"),
    ("2 jam", "3 hari", "tiap tahun", "20 thn"),
    ("42 kursi", "15 kursi Golkar", "12 partai", "cuma 2 kursi"),
    ("88,12%", "11,88%", "41.301 suara", "10 partai", "306 rb suara"),
    ("50rb", "100rb", "Rp200rb", "50rb/org"),
    ("996 rb suara", "55,66%", "44,34%", "selisih 202.606", "1,79 jt suara sah", "66,7%"),
    ("52,9%", "38,4%", "59,1%", "36,3%", "1.400 responden", "margin of error 2,6%"),
    ("miniatur Indonesia", "Benua Etam", "semua suku"),
    ("2,8 jt DPT", "66,7%", "jam 07.00-13.00", "27 November"),
)

_REGIONS_SHORT = ("Samarinda", "smd", "Balikpapan", "bpp", "Kukar", "Tenggarong", "Bontang",
                  "PPU", "Berau", "Kutim", "Sangatta", "Paser", "Kubar")  # fmt: skip
_REGIONS_FORMAL = ("Samarinda", "Balikpapan", "Kutai Kartanegara", "Bontang",
                   "Penajam Paser Utara", "Berau", "Kutai Timur", "Paser",
                   "Kutai Barat")  # fmt: skip

#: Counter-speech appended to every identity/SARA post (DOMAIN 6.4 item 11).
_COUNTER_SPEECH = ("tp jangan bawa SARA ya", "kita semua warga Benua Etam",
                   "Kaltim itu miniatur Indonesia", "persatuan lebih penting",
                   "stop politik identitas", "beda suku tetap saudara")  # fmt: skip

# Informal frames. Slots: k, k2 keywords; c, c2 camp words; p own pair; o opponent pair;
# r region; n number; t tail.
_CAMP_FRAMES = (
    "{c}, {k} {t}",
    "soal {k}: {c}. {c2} {t}",
    "jujur aja ya, {k} itu {c}. {t}",
    "{k} {k2}? {c} lah {t}",
    "{p} {c}, {k} {t}",
    "{c}!! {k} {n} {t}",
    "yang bilang {k} itu gampang, {c}. {t}",
    "{k} lagi {k2} lagi, intinya {c} {t}",
    "kalau ngomongin {k}, {c}. {c2}. {t}",
    "{o} ngomong {k} mulu, padahal {c} {t}",
    "dari {r} mau bilang: {c}, {k} {t}",
    "{c} {c2}. {k} {t}",
    "{k} {n}? {c}. sudah jelas {t}",
    "tidak usah ribut soal {k}, {c} {t}",
)
_BUZZER_FRAMES = (
    "{c}!! {k}, {c2}. {t}",
    "{p} {c}! {k} {t}",
    "FAKTA: {k} {c}. {c2}!!",
    "{c}. {k} {n}. {c2} {t}",
    "ingat {k}: {c}!!! {t}",
)
_NEUTRAL_FRAMES = (
    "{k} gimana nih? {g}",
    "{r} {k} lagi... {g}",
    "ada yang ngerti soal {k} gak? {g}",
    "{k} sama {k2}, {g}",
    "dua paslon ngomongin {k} terus, {g}",
    "nonton debat soal {k}, {g}",
    "{g}. apalagi soal {k}",
    "btw {k} {n} itu benar gak sih? {g}",
    "warga {r} cuma pengen {k} beres. {g}",
    "{k}, {k2}, {g}",
)
_EXTRA_CAMP = ("{c2}.", "{k2} juga.", "{c2}, {k2}.", "{t}", "ingat {k2}.")
_EXTRA_NEUTRAL = ("{g}.", "{k2} juga.", "gimana {k2}?", "{r} nunggu bukti.")

_SMALLTALK = (
    "pagi2 udah macet di {r}", "ngopi dulu di tepian mahakam", "cuaca {r} panas banget hari ini",
    "hujan lagi, semoga gak banjir", "libur nasional 27 November, mau ke mana nih",
    "otw TPS dulu gaes", "udah nyoblos belum?", "jari ungu sudah nyoblos",
    "jangan lupa bawa KTP-el ke TPS", "timeline isinya pilkada semua wkwk",
    "capek liat buzzer berantem", "mending bahas kuliner {r} aja", "ayo ke TPS, jangan golput",
)  # fmt: skip

_AGREE = ("setuju bgt", "nah ini", "benar banget", "iya kak", "valid", "ini dia", "mantap",
          "fix", "sepakat")  # fmt: skip
_DISAGREE = ("gak gitu juga", "mana buktinya", "ngawur", "halah", "baca dulu baru komen",
             "sotoy", "yakin?", "salah besar")  # fmt: skip
_QUOTE_OPEN = ("nah kan", "liat nih", "ini nih", "baca ini", "ini yang aku maksud", "kocak",
               "hmm", "nah loh", "tuh kan")  # fmt: skip

# Formal frames (institutions, media, fact-checkers). Slots: k, k2 keywords (K title case),
# i institution, r region.
_INST_NAMES = ("KPU Kaltim", "Bawaslu Kaltim", "Polda Kaltim", "Diskominfo Kaltim",
               "Pemprov Kaltim")  # fmt: skip
_INST_GENERIC = (
    "Imbauan: {i} mengajak masyarakat menyaring informasi soal {k} dan {k2}. Waspada hoaks "
    "menjelang Pilkada 27 November 2024.",
    "Waspada hoaks! Informasi terkait {k} agar dicek melalui kanal resmi {i}. Laporkan konten "
    "provokatif dan ujaran kebencian.",
    "{i} terus memantau isu {k} selama tahapan Pilkada Serentak 2024. Masyarakat dapat melapor "
    "melalui posko pengaduan.",
    "Imbauan: sampaikan pendapat soal {k} dengan santun. Bijak bermedia sosial, jaga Pilkada "
    "damai di Kaltim.",
)
_INST_TOPIC = {
    6: ("KPU Samarinda: pemilih dapat mencoblos pasangan calon tunggal atau kolom kosong. "
        "Keduanya sah dan dihitung.",
        "Bawaslu Samarinda: alat peraga kampanye kolom kosong yang melanggar ketentuan "
        "ditertibkan bersama Satpol PP."),
    7: ("Imbauan: tolak politik uang. Laporkan dugaan serangan fajar ke Bawaslu atau Sentra "
        "Gakkumdu terdekat.",
        "Bawaslu Kaltim mengingatkan: pemberi dan penerima politik uang dapat dipidana. Lapor "
        "Bawaslu bila menemukan serangan fajar."),
    8: ("Imbauan: hasil hitung cepat baru boleh diumumkan pukul 15.00 WIB (16.00 WITA). Tunggu "
        "hasil resmi rekapitulasi KPU.",
        "Cek DPT Anda dan bawa undangan C6 serta KTP-el ke TPS pada 27 November 2024 pukul "
        "07.00–13.00 WITA.",
        "KPU Kaltim: rekapitulasi dan pleno berjalan berjenjang. Saksi paslon dapat mengajukan "
        "keberatan sesuai prosedur."),
    10: ("Imbauan: jangan bawa SARA dalam Pilkada. Kaltim miniatur Indonesia, jaga persatuan "
         "Benua Etam.",
         "Polda Kaltim melakukan patroli siber terhadap konten SARA dan politik identitas. Mari "
         "jaga persatuan."),
    11: ("Ayo gunakan hak pilih! TPS dibuka pukul 07.00–13.00 WITA. Jangan golput, suara Anda "
         "menentukan.",
         "Imbauan: ASN netral dalam Pilkada 2024. Laporkan pelanggaran netralitas ASN ke "
         "Bawaslu.",
         "Pemilih pemula dan Gen Z, jangan golput! Cek nama Anda di DPT dan datang ke TPS 27 "
         "November."),
}  # fmt: skip
_INST_SMALL = (
    "Imbauan: mari jaga Pilkada damai di Kaltim. Saring sebelum sharing.",
    "Hantam Hoaks: cek kebenaran informasi sebelum membagikan. Laporkan konten hoaks.",
    "Jadwal: pemungutan suara Pilkada Serentak Rabu, 27 November 2024, pukul 07.00–13.00 WITA.",
)
_INST_REPLY = (
    "Terima kasih atas laporannya. Silakan sampaikan bukti terkait {k} ke posko pengaduan "
    "terdekat.",
    "Terima kasih. Informasi resmi soal {k} dapat dicek di kanal resmi kami.",
)
_MEDIA_HEADLINES = (
    "Debat Pilgub Kaltim: Kedua Paslon Adu Gagasan soal {K}",
    "Warga {r} Keluhkan {K}, Paslon Janjikan Solusi",
    "Pengamat Unmul: Isu {K} Jadi Penentu Pilgub Kaltim 2024",
    "Survei: Isu {K} dan {K2} Jadi Perhatian Pemilih Kaltim",
    "Jelang Pencoblosan, {K} Ramai Dibahas Warganet Kaltim",
    "{K} dan {K2}: Apa Kata Kedua Kubu?",
    "Isran-Hadi dan Rudy-Seno Saling Sindir soal {K}",
)
_MEDIA_TOPIC = {
    3: ("JATAM Kaltim Soroti {K} Jelang Pilkada",),
    6: ("Aliansi Kotak Kosong Protes {K} di Samarinda",),
    8: ("KPU Kaltim Tetapkan Hasil Rekapitulasi: Rudy-Seno 55,66%, Isran-Hadi 44,34%",
        "Bawaslu Kaltim Terima 59 Laporan Dugaan Pelanggaran Selama Kampanye"),
    9: ("Poltracking: Isran-Hadi 52,9%, IDM: Rudy-Seno 59,1%, Survei Berbeda Tajam",),
}  # fmt: skip
_MEDIA_SMALL = (
    "BMKG Prakirakan Hujan Ringan di {r} Hari Ini",
    "Libur Nasional 27 November, Warga {r} Diimbau Gunakan Hak Pilih",
    "Harga Bahan Pokok di {r} Stabil Jelang Pilkada",
)
_MEDIA_OUTLETS = ("tribunkaltim-demo", "kaltimpost-demo", "kaltimtoday-demo", "antarakaltim-demo")
_FACTCHECK_GENERIC = (
    "Periksa Fakta: benarkah klaim soal {k} yang beredar di media sosial? Simak penelusurannya.",
    "Waspada unggahan soal {k} dan {k2}. Cek sumber, tanggal dan konteks sebelum membagikan.",
    "Tips cek fakta: informasi soal {k} yang memancing emosi perlu dicek dulu ke sumber resmi.",
)
_INFLUENCER_CAMP = (
    "Catatan saya soal {k}: {c}. Tapi {k2} juga harus dijawab serius.",
    "Thread: kenapa {k} penting di Pilgub Kaltim. 1/ {c}. {k2} sering luput.",
    "Menurut saya, {c}. Isu {k} butuh data, bukan jargon.",
)
_INFLUENCER_NEUTRAL = (
    "Isu {k} dan {k2} jarang dibahas serius di debat. Padahal ini soal hidup warga {r}.",
    "Catatan kritis: {k}. Siapa pun gubernurnya, {k2} harus jadi prioritas.",
    "Publik butuh data soal {k}, bukan gimik. Dua paslon belum menjawab soal {k2}.",
)
# Camp words mix praise and attack, so official frames are polarity-agnostic ("soal X: ...").
_OFFICIAL_FRAMES = (
    "{P} soal {k}: {c}. {s}",
    "Sikap {P} soal {k} jelas: {c}. {s}",
    "Debat tadi malam, {P} tegas soal {k} dan {k2}: {c}. {s}",
    "Terima kasih warga {r}! Bersama {P}, kita jawab soal {k}: {c}. {s}",
)
_OFFICIAL_REPLY = (
    "Terima kasih dukungannya! Soal {k}: {c}. {s}",
    "Siap! Soal {k}, {c}. Ayo coblos! {s}",
)

_SHARE_FRAMES = (
    "ini benar gak sih? {h}",
    "di grup WA keluarga rame: {h}... ini hoaks bukan sih?",
    "td dapet broadcast: {h} hmm ragu aku",
    "{h} beneran? ada yang bisa konfirmasi?",
    "ada yang tau soal {T}? katanya {h}",
    "serius {h}?? jangan2 hoaks",
)
_HOAX_PRE = ("", "", "", "VIRAL!! ", "🚨 ", "BREAKING: ", "sebarkan!! ")
_HOAX_POST = ("", "", "sebarkan sblm dihapus!!", "share sebanyak2nya", "cek link", "buka mata!!")
_DEBUNK_CATEGORY = {
    "SALAH": ("Konteks yang Salah", "Konten yang Dimanipulasi"),
    "HOAKS": ("Konten Palsu",),
    "PENIPUAN": ("Konten Tiruan",),
    "MENYESATKAN": ("Konten yang Menyesatkan",),
    "KLARIFIKASI": ("",),
}

_MENTION_INFORMAL = ("cc {m}", "{m} tolong dicek", "min {m}", "kata {m}", "(via {m})", "{m}")
_MENTION_FORMAL = ("cc {m}", "bersama {m}", "via {m}", "{m}")

_BANJAR_PHRASES = ("banar kah?", "kada kawa kaya itu", "bubuhan kita", "ulun handak jujur",
                   "ikam ni", "pian", "kada masuk akal", "hanyar tahu kah?", "bubuhan smd",
                   "lawan pian")  # fmt: skip
_ENGLISH = lx.ENGLISH_MIX

#: Standard forms the informal register turns into slang (DOMAIN 6.5 list).
_SLANG_MAP = {
    "yang": ("yg",), "tidak": ("gak", "ga", "nggak", "gk", "tdk", "enggak"),
    "sudah": ("udh", "udah", "sdh"), "banget": ("bgt",), "untuk": ("utk",), "dengan": ("dgn",),
    "karena": ("krn", "karna"), "kalau": ("klo", "kalo"), "tapi": ("tp",), "jadi": ("jd", "jdi"),
    "gimana": ("gmn",), "kenapa": ("knp",), "memang": ("emg", "emang"), "benar": ("bener", "bnr"),
    "belum": ("blm", "belom"), "saja": ("aja", "aj"), "sama": ("sm",), "dari": ("dr",),
    "orang": ("org",), "aja": ("aj",), "gak": ("ga", "gk"), "usah": ("usah", "ush"),
}  # fmt: skip
_LEET = tuple(str.maketrans(a, b) for a, b in (("e", "3"), ("a", "4"), ("i", "1"), ("o", "0")))
_EMOJI = lx.EMOJI

# --------------------------------------------------------------------------------------------
# Pre-computed arrays
# --------------------------------------------------------------------------------------------


def _title(phrase: str) -> str:
    """Title-case lower-case words only ("sekolah gratis" → "Sekolah Gratis", "IKN" kept)."""
    return " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in phrase.split(" "))


_CW: tuple[dict[str, tuple[str, ...]], ...] = tuple(
    {
        "01": n.camp_words["01"],
        "02": n.camp_words["02"],
        "kk": n.camp_words.get("kk", _KK_GENERIC),
        "neutral": _NEUTRAL_TAKES,
    }
    for n in lx.NARRATIVES
)


def _camp_keywords(n: lx.Narrative, camp: str) -> tuple[str, ...]:
    """Keywords a camp uses: drop those that contain the *other* pairs' framing words.

    "pahamlah ikam" and "kaltim berdaulat" are keywords of narrative 1 and 01's chants: a 02
    supporter does not write them, and neutral accounts write neither camp's chants. kk posts
    keep the full list.
    """
    if camp == "kk":
        return n.keywords
    if camp == "neutral":
        other = [w.lower() for c in ("01", "02") for w in n.camp_words[c]]
    else:
        other = [w.lower() for w in n.camp_words[_OPPONENT[camp]]]
    keep = tuple(k for k in n.keywords if not any(w in k.lower() for w in other))
    return keep or n.keywords


_KW_CAMP: tuple[dict[str, tuple[str, ...]], ...] = tuple(
    {c: _camp_keywords(n, c) for c in lx.CAMPS} for n in lx.NARRATIVES
)
_KW_NEUTRAL_TITLE: tuple[tuple[str, ...], ...] = tuple(
    tuple(_title(k) for k in d["neutral"]) for d in _KW_CAMP
)
_PROTECTED = frozenset(
    w.lower() for n in lx.NARRATIVES for kw in n.keywords + sum(n.camp_words.values(), ())
    for w in kw.split()
)  # fmt: skip


def _cum(pairs: Iterable[tuple[str, float]]) -> tuple[tuple[str, ...], list[float]]:
    tags, cum, tot = [], [], 0.0
    for tag, w in pairs:
        tot += w
        tags.append(tag)
        cum.append(tot)
    return tuple(tags), cum


def _scaled(group: str, f: float) -> list[tuple[str, float]]:
    return [(t, w * f) for t, w in lx.HASHTAGS[group]]


_TAG_POOLS = {
    "01": _cum(_scaled("01", 3.0) + _scaled("neutral", 1.0) + _scaled("civic", 0.4)),
    "02": _cum(_scaled("02", 3.0) + _scaled("neutral", 1.0) + _scaled("civic", 0.4)),
    "kk": _cum([*_scaled("kk", 3.0), ("SamarindaMemilih", 1.5), *_scaled("civic", 0.6)]),
    "neutral": _cum(_scaled("neutral", 1.0) + _scaled("civic", 0.8)),
    "institution": _cum(_scaled("civic", 2.0) + _scaled("neutral", 1.0)),
    "factcheck": _cum((("CekFakta", 3.0), ("LawanHoaks", 2.0), ("PilkadaKaltim2024", 1.0))),
}
#: (p(1 tag), p(2 tags), p(3 tags)) by account type.
_N_TAGS = {
    "citizen": (0.30, 0.08, 0.0),
    "supporter": (0.45, 0.30, 0.05),
    "buzzer": (0.15, 0.45, 0.40),
    "official": (0.45, 0.45, 0.0),
    "institution": (0.5, 0.35, 0.0),
    "media": (0.45, 0.05, 0.0),
    "factcheck": (0.6, 0.3, 0.0),
    "influencer": (0.3, 0.05, 0.0),
    "kk_activist": (0.45, 0.35, 0.05),
    "scam": (0.0, 0.0, 0.0),
}
_TAG_GROUP = {t: g for g, pairs in lx.HASHTAGS.items() for t, _ in pairs}

_FMT_FIELDS: dict[str, frozenset[str]] = {}


def _fields(template: str) -> frozenset[str]:
    """Placeholder names of a template (cached; parsed once per template)."""
    f = _FMT_FIELDS.get(template)
    if f is None:
        import string

        f = frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)
        _FMT_FIELDS[template] = f
    return f


for _c in lx.HOAX_CLAIMS:
    for _t in _c.hoax_templates + _c.debunk_templates:
        _fields(_t)

_CLAIMS = lx.CLAIMS_BY_ID
_KEL_CITIES = tuple(lx.KELURAHAN)
_CLAIM_CITIES = ("Samarinda", "Balikpapan", "Tenggarong", "Bontang", "Sangatta", "Penajam")

# --------------------------------------------------------------------------------------------
# Random draws
# --------------------------------------------------------------------------------------------


def _extra(row: list[float]):
    """Deterministic continuation once a row is used up (rare: only very long compositions)."""
    for i in count(1):
        for x in row:
            yield (x * (7.0 + i) + 0.5 * i) % 1.0


def _draws(row: list[float]):
    return chain(row, _extra(row)).__next__


# --------------------------------------------------------------------------------------------
# Composition
# --------------------------------------------------------------------------------------------


def _check(kind, topic, camp, account_type, claim, role, noise) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind: expected one of {sorted(KINDS)}, got {kind!r}")
    if not isinstance(topic, (int, np.integer)) or not -1 <= topic < len(lx.NARRATIVES):
        raise ValueError(f"topic: expected an int in -1..{len(lx.NARRATIVES) - 1}, got {topic!r}")
    if camp not in CAMPS:
        raise ValueError(f"camp: expected one of {lx.CAMPS}, got {camp!r}")
    if account_type not in ACCOUNT_TYPES:
        raise ValueError(f"account_type: expected one of {lx.ACCOUNT_TYPES}, got {account_type!r}")
    if role not in ROLES:
        raise ValueError(f"role: expected one of {sorted(ROLES)}, got {role!r}")
    if (claim is None) != (role == "none"):
        raise ValueError(
            f"claim/role: a claim needs role 'hoax', 'debunk' or 'share' and those roles need a "
            f"claim; got claim={claim!r}, role={role!r}"
        )
    if claim is not None and claim not in _CLAIMS:
        raise ValueError(f"claim: expected one of {sorted(_CLAIMS)}, got {claim!r}")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise: expected a float in [0, 1], got {noise!r}")


def _cut(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters at a word boundary."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    i = text.rfind(" ", 0, limit + 1)
    if i <= 0:
        return text[:limit]
    return text[:i].rstrip(" ,:;")


def _fill_claim(template: str, claim: lx.Claim, u) -> str:
    """Fill the placeholders of a claim template (only those it uses)."""
    names = _fields(template)
    if not names:
        return template
    v: dict[str, str] = {}
    target = claim.target if claim.target in ("01", "02") else ("01", "02")[int(u() * 2)]
    cagub = lx.CANDIDATES[target][0]
    for name in names:
        if name == "cagub":
            v[name] = cagub
        elif name == "nick":
            v[name] = lx.NICKNAMES[cagub][0]
        elif name == "paslon":
            v[name] = lx.PAIR_LABELS[target][0]
        elif name == "tps":
            v[name] = f"{1 + int(u() * 60):03d}"
        elif name in ("kel", "kota"):
            if "kel" not in v:
                city = _KEL_CITIES[int(u() * len(_KEL_CITIES))]
                kels = lx.KELURAHAN[city]
                v["kel"] = kels[int(u() * len(kels))]
                v["kota"] = city if "kel" in names else _CLAIM_CITIES[int(u() * 6)]
        elif name in ("pct", "pct2"):
            if "pct" not in v:
                a = 550 + int(u() * 180)
                b = 1000 - a
                v["pct"] = f"{a // 10},{a % 10}"
                v["pct2"] = f"{b // 10},{b % 10}"
        elif name == "jam":
            v[name] = ("08.30", "09.00", "09.45", "10.00", "10.30", "11.15")[int(u() * 6)]
        elif name == "nominal":
            v[name] = ("Rp20 juta", "Rp10 juta", "Rp5 juta", "Rp2,5 juta", "Rp1 juta")[int(u() * 5)]
        elif name == "wa":
            v[name] = "08xx-xxxx-xxxx"
    return template.format_map(v)


def _noisy(body: str, u, noise: float, account_type: str) -> str:
    """Informal noise: slang, elongation, digit swaps, English, Banjar, case, per ``noise``."""
    toks = body.split(" ")
    if noise > 0.0:
        p = noise * 1.6
        for i, tok in enumerate(toks):
            s = _SLANG_MAP.get(tok)
            if s is not None and u() < p:
                toks[i] = s[int(u() * len(s))]
        if u() < noise * 0.6:  # elongation: "bangettt"
            i = int(u() * len(toks))
            tok = toks[i]
            if len(tok) >= 3 and tok.isalpha():
                toks[i] = tok + tok[-1] * (2 + int(u() * 3))
        if u() < noise * 0.12:  # digits for letters: "s3mangat"
            i = int(u() * len(toks))
            tok = toks[i]
            if len(tok) >= 4 and tok.isalpha() and tok.lower() not in _PROTECTED:
                toks[i] = tok.translate(_LEET[int(u() * 4)])
    body = " ".join(toks)
    if u() < noise * 0.35:
        e = _ENGLISH[int(u() * len(_ENGLISH))]
        body = f"{e}, {body}" if u() < 0.5 else f"{body} {e}"
    p_banjar = {"citizen": 0.7, "kk_activist": 0.6}.get(account_type, 0.15)
    if u() < noise * p_banjar:
        b = _BANJAR_PHRASES[int(u() * len(_BANJAR_PHRASES))]
        if u() < 0.4:
            body = f"{b} {body}" if b[-1] == "?" else f"{b}, {body}"
        else:
            body = f"{body} {b}"
    if account_type == "citizen" and u() < 0.35:
        body = body.lower()
    elif account_type == "buzzer" and u() < 0.15:
        body = body.upper()
    return body


def _hashtags(u, account_type: str, camp: str) -> list[str]:
    p1, p2, p3 = _N_TAGS[account_type]
    x = u()
    n = 3 if x < p3 else 2 if x < p3 + p2 else 1 if x < p3 + p2 + p1 else 0
    if n == 0:
        return []
    if account_type in ("institution", "factcheck"):
        tags, cum = _TAG_POOLS[account_type]
    elif account_type == "media":
        tags, cum = _TAG_POOLS["neutral"]
    else:
        tags, cum = _TAG_POOLS[camp]
    tot = cum[-1]
    out: list[str] = []
    for _ in range(n + 1):
        t = tags[min(bisect(cum, u() * tot), len(tags) - 1)]
        if t not in out:
            out.append(t)
            if len(out) == n:
                break
    return ["#" + t for t in out]


def _assemble(core: str, must: list[str], tags: list[str], emoji: str, lead_emoji: bool) -> str:
    """Join body, emoji, mandatory parts (mentions, links) and hashtags within 280 chars."""
    if emoji:
        core = f"{emoji} {core}" if lead_emoji else f"{core} {emoji}"
    tail = " ".join(must)
    fixed = len(tail) + (1 if tail else 0)
    opt = list(tags)
    while opt and len(core) + fixed + sum(len(t) + 1 for t in opt) > MAX_CHARS:
        opt.pop()
    room = MAX_CHARS - fixed - sum(len(t) + 1 for t in opt)
    core = _cut(core, room)
    parts = [core]
    if tail:
        parts.append(tail)
    parts.extend(opt)
    return " ".join(p for p in parts if p)


def _mentions(u, mentions: Sequence[str], formal: bool) -> str:
    if not mentions:
        return ""
    m = " ".join("@" + h.lstrip("@") for h in mentions)
    frames = _MENTION_FORMAL if formal else _MENTION_INFORMAL
    return frames[int(u() * len(frames))].format(m=m)


def _pick(u, seq):
    return seq[int(u() * len(seq))]


def _informal_topic(u, t: int, camp: str, account_type: str, kind: str, noise: float) -> str:
    kws = _KW_CAMP[t][camp]
    i1 = int(u() * len(kws))
    i2 = int(u() * (len(kws) - 1))
    k = kws[i1]
    k2 = kws[i2 + (i2 >= i1)]
    n = _pick(u, _NUMBERS[t])
    r = _pick(u, _REGIONS_SHORT)
    target = 60 + int(190 * u() ** 1.5)
    if camp == "neutral":
        g = _pick(u, _NEUTRAL_TAKES)
        body = _pick(u, _NEUTRAL_FRAMES).format(k=k, k2=k2, g=g, r=r, n=n)
        extra = _EXTRA_NEUTRAL
        vals = {"k2": k2, "g": g, "r": r}
        tails = None
    else:
        cw = _CW[t][camp]
        c = cw[int(u() * len(cw))]
        c2 = cw[int(u() * len(cw))]
        if c2 == c:
            c2 = cw[(cw.index(c) + 1) % len(cw)]
        ctail = _CAMP_TAILS[camp]
        tail = _pick(u, ctail) if u() < 0.35 else _pick(u, _TAILS)
        frames = _BUZZER_FRAMES if account_type == "buzzer" and u() < 0.6 else _CAMP_FRAMES
        p = _pick(u, _PAIR_SHORT[camp])
        o = _pick(u, _PAIR_SHORT[_OPPONENT[camp]])
        body = _pick(u, frames).format(k=k, k2=k2, c=c, c2=c2, p=p, o=o, r=r, n=n, t=tail)
        extra = _EXTRA_CAMP
        vals = {"k2": k2, "c2": c2, "t": _pick(u, ctail)}
        tails = ctail
    body = body.rstrip()
    if kind == "reply":
        opener = _pick(u, _AGREE) if u() < 0.5 else _pick(u, _DISAGREE)
        body = f"{opener} {body}" if opener[-1] == "?" else f"{opener}, {body}"
        target -= 30
    elif kind == "quote":
        body = f"{_pick(u, _QUOTE_OPEN)}, {body}"
        target -= 15
    if t == 10:  # identity/SARA: mild, always with counter-speech
        body = f"{body}, {_pick(u, _COUNTER_SPEECH)}"
    for _ in range(3):
        if len(body) >= target:
            break
        vals["k2"] = kws[int(u() * len(kws))]
        if tails is None:
            vals["g"] = _pick(u, _NEUTRAL_TAKES)
        else:
            vals["t"] = _pick(u, tails)
            c2 = _pick(u, cw)
            vals["c2"] = c2 if c2 not in body else _pick(u, cw)
        x = _pick(u, extra).format(**vals)
        if x and x.rstrip(".!?") not in body:
            body = f"{body} {x}"
    if account_type in ("supporter", "buzzer") and kind != "original" and u() < 0.01 * noise:
        body = f"{body}, dasar {_pick(u, lx.TOXIC_LABELS)}"
    return body


def _smalltalk(u, account_type: str) -> str:
    r = _pick(u, _REGIONS_SHORT)
    body = _pick(u, _SMALLTALK).format(r=r)
    if u() < 0.4:
        body = f"{body}, {_pick(u, _TAILS)}".rstrip(", ")
    return body


def _formal_topic(u, t: int, camp: str, account_type: str, kind: str) -> tuple[str, list[str]]:
    """Formal and semi-formal registers. Returns (core, mandatory extra parts such as links)."""
    links: list[str] = []
    if t >= 0:
        kws = _KW_CAMP[t][camp if account_type in ("official", "influencer") else "neutral"]
        i1 = int(u() * len(kws))
        i2 = int(u() * (len(kws) - 1))
        i2 += i2 >= i1
        k, k2 = kws[i1], kws[i2]
        if account_type == "media":
            K, K2 = _KW_NEUTRAL_TITLE[t][i1], _KW_NEUTRAL_TITLE[t][i2]
        else:
            K, K2 = k, k2
    else:
        k = k2 = "Pilkada"
        K = K2 = "Pilkada"
    r = _pick(u, _REGIONS_FORMAL)
    if account_type == "institution":
        inst = _pick(u, _INST_NAMES)
        if kind == "reply":
            core = _pick(u, _INST_REPLY).format(k=k)
        elif t < 0:
            core = _pick(u, _INST_SMALL)
        elif t in _INST_TOPIC and u() < 0.6:
            core = _pick(u, _INST_TOPIC[t]).format(k=k)
        else:
            core = _pick(u, _INST_GENERIC).format(i=inst, k=k, k2=k2)
        if u() < 0.15:
            core = "📢 " + core
    elif account_type == "media":
        if t < 0:
            head = _pick(u, _MEDIA_SMALL).format(r=r)
        elif t in _MEDIA_TOPIC and u() < 0.4:
            head = _pick(u, _MEDIA_TOPIC[t]).format(K=K)
        else:
            head = _pick(u, _MEDIA_HEADLINES).format(K=K, K2=K2, r=r)
        if kind == "quote":
            head = f"Baca juga: {head}"
        elif kind == "reply":
            head = f"Terima kasih, redaksi menindaklanjuti. {head}"
        core = head
        links.append(f"https://{_pick(u, _MEDIA_OUTLETS)}.example/b/{10000 + int(u() * 89999)}")
    elif account_type == "factcheck":
        core = _pick(u, _FACTCHECK_GENERIC).format(k=k, k2=k2)
        if kind == "reply":
            core = "Halo, terima kasih sudah bertanya. " + core
    elif account_type == "official":
        pc = camp if camp in ("01", "02") else ("01", "02")[int(u() * 2)]
        c = _pick(u, _CW[t][pc]) if t >= 0 else _pick(u, _CAMP_TAILS[pc])
        s = _pick(u, _SLOGAN[pc])
        frames = _OFFICIAL_REPLY if kind == "reply" else _OFFICIAL_FRAMES
        P = _pick(u, (_PAIR_FORMAL[pc], lx.PAIR_LABELS[pc][0]))
        core = _pick(u, frames).format(P=P, c=c, k=k, k2=k2, r=r, s=s)
    else:  # influencer
        if camp != "neutral" and t >= 0:
            c = _pick(u, _CW[t][camp])
            core = _pick(u, _INFLUENCER_CAMP).format(k=k, k2=k2, c=c)
        else:
            core = _pick(u, _INFLUENCER_NEUTRAL).format(k=k, k2=k2, r=r)
        if kind == "reply":
            core = f"{_pick(u, _AGREE).capitalize()}. {core}"
    if t == 10 and "SARA" not in core and "persatuan" not in core:
        core = f"{core} Jangan bawa SARA, jaga persatuan."
    return core, links


def _claim_post(u, c: lx.Claim, role: str, account_type: str, kind: str) -> tuple[str, list[str]]:
    links: list[str] = []
    if role == "hoax":
        core = _fill_claim(_pick(u, c.hoax_templates), c, u)
        pre = _pick(u, _HOAX_PRE)
        if pre and pre.rstrip(": !") not in core:
            core = pre + core
        post = _pick(u, _HOAX_POST)
        if u() < 0.45:
            links.append(f"https://{_pick(u, c.hoax_domains)}/v/{1000 + int(u() * 8999)}")
        elif post == "cek link":
            post = ""
        if post:
            core = f"{core} {post}"
    elif role == "debunk":
        core = _fill_claim(_pick(u, c.debunk_templates), c, u)
        cat = _pick(u, _DEBUNK_CATEGORY[c.verdict])
        if cat and account_type == "factcheck" and u() < 0.35:
            core = f"{core} Kategori: {cat}."
        p_url = 0.9 if account_type in ("factcheck", "media", "institution") else 0.6
        if u() < p_url:
            links.append(("Selengkapnya: " if u() < 0.6 else "Cek: ") + c.debunk_url)
    else:  # share
        h = _fill_claim(_pick(u, c.hoax_templates), c, u)
        h = _cut(h, 110).rstrip(".!?") if u() < 0.7 else h.lower()
        core = _pick(u, _SHARE_FRAMES).format(h=h, T=c.title.lower())
        if kind == "reply":
            core = f"{_pick(u, _QUOTE_OPEN)}, {core}"
    return core, links


def _compose_row(
    row: list[float],
    kind: str,
    topic: int,
    camp: str,
    account_type: str,
    claim: str | None,
    role: str,
    mentions: Sequence[str],
    noise: float,
) -> str:
    u = _draws(row)
    informal = account_type in INFORMAL
    links: list[str] = []
    lead_emoji = False
    if claim is not None:
        c = _CLAIMS[claim]
        core, links = _claim_post(u, c, role, account_type, kind)
        if role == "debunk":
            informal_noise = False
        else:
            informal_noise = informal or account_type in ("influencer", "official")
    elif account_type == "scam":
        c = _CLAIMS["H2"]
        core = _fill_claim(_pick(u, c.hoax_templates), c, u)
        informal_noise = False
    elif informal:
        if topic < 0:
            core = _smalltalk(u, account_type)
        else:
            core = _informal_topic(u, topic, camp, account_type, kind, noise)
        informal_noise = True
    else:
        core, links = _formal_topic(u, topic, camp, account_type, kind)
        informal_noise = account_type == "influencer" and u() < 0.5
    if informal_noise:
        core = _noisy(core, u, noise, account_type)
    emoji = ""
    if role != "debunk":
        if informal or (claim is not None and role == "hoax"):
            p_emoji = 0.7 if account_type == "buzzer" else 0.15 + 0.5 * noise
            if u() < p_emoji:
                e = _pick(u, _EMOJI)
                emoji = e * (1 + int(u() * 3)) if u() < 0.3 else e
                lead_emoji = u() < 0.2
        elif account_type in ("official", "influencer") and u() < 0.2:
            emoji = _pick(u, _EMOJI)
    if mentions:
        links.append(_mentions(u, mentions, not informal))
    tags = _hashtags(u, account_type, camp)
    if role == "debunk" and "#CekFakta" not in tags and u() < 0.5:
        tags.append("#CekFakta")
    return _assemble(core, links, tags, emoji, lead_emoji)


def compose(
    rng: np.random.Generator,
    *,
    kind: str,
    topic: int,
    camp: str,
    account_type: str,
    claim: str | None = None,
    role: str = "none",
    mentions: Sequence[str] = (),
    noise: float = 0.3,
) -> str:
    """Compose one synthetic post body in (mostly informal) Indonesian.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness; exactly :data:`N_DRAWS` uniforms are drawn
        (``rng.random(N_DRAWS)``), so the result is a deterministic function of the state.
    kind : {"original", "quote", "reply"}
        Post kind. Retweets are built by the writer from the original's text (see
        :func:`truncate_for_retweet`); reply prefixes ("@handle ...") are the writer's job too.
    topic : int
        Index into :data:`discourse.synth.lexicon.NARRATIVES` (0..11), or -1 for small talk and
        civic messages. Ignored when ``claim`` is given (the claim sets the content).
    camp : {"01", "02", "neutral", "kk"}
        Stance of the author; decides framing words and hashtags.
    account_type : str
        One of :data:`discourse.synth.lexicon.ACCOUNT_TYPES`. "institution", "media" and
        "factcheck" write formally; "official" and "influencer" semi-formally; the rest
        informally ("scam" writes AI-voice giveaway bait, H2, when no claim is given).
    claim : str, optional
        Hoax claim id "H1".."H11" (:data:`discourse.synth.lexicon.HOAX_CLAIMS`).
    role : {"none", "hoax", "debunk", "share"}
        With a claim: "hoax" writes one of its hoax templates (sometimes with a link to a
        ``*.example`` hoax domain), "debunk" one of its debunk templates (starts with
        ``"[VERDICT]"``, usually followed by the fact-check URL), "share" an informal question
        about it ("ini benar gak sih?"). "none" requires ``claim=None``.
    mentions : sequence of str
        Handles (with or without "@") that must all appear as "@handle".
    noise : float
        0..1: how much informal noise (slang, elongations, digit swaps, English, Banjar words,
        emoji) the informal registers get.

    Returns
    -------
    str
        The post text, at most 280 characters (cut at a word boundary; mentions and links are
        kept, hashtags dropped first). Single line, no leading reply handles.

    Raises
    ------
    ValueError
        If an option is outside its allowed values (the message names the argument).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> t = compose(rng, kind="original", topic=-1, camp="neutral", account_type="institution")
    >>> len(t) <= 280
    True
    >>> d = compose(rng, kind="original", topic=0, camp="neutral", account_type="factcheck",
    ...             claim="H3", role="debunk", mentions=["kpu_prov_demo"])
    >>> d.startswith("[HOAKS]"), "@kpu_prov_demo" in d
    (True, True)
    >>> a = compose(np.random.default_rng(5), kind="reply", topic=3, camp="01",
    ...             account_type="citizen")
    >>> a == compose(np.random.default_rng(5), kind="reply", topic=3, camp="01",
    ...              account_type="citizen")
    True
    """
    _check(kind, topic, camp, account_type, claim, role, noise)
    row = rng.random(N_DRAWS).tolist()
    return _compose_row(row, kind, int(topic), camp, account_type, claim, role, mentions, noise)


def compose_many(
    rng: np.random.Generator, specs: Iterable[dict], *, block: int = 8192
) -> list[str]:
    """Compose many posts; ``specs`` are dicts of :func:`compose`'s keyword arguments.

    Equivalent to ``[compose(rng, **s) for s in specs]`` (same texts, same final ``rng``
    state), but draws the uniforms in blocks of ``block`` posts. Measured on the development
    machine (2 cores, one used): 1,000,000 mixed posts in 14–15 s (~15 µs per post).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    specs : iterable of dict
        Each with keys ``kind``, ``topic``, ``camp``, ``account_type`` and optionally
        ``claim``, ``role``, ``mentions``, ``noise`` (defaults as in :func:`compose`).
    block : int
        Posts per block of random draws (memory/speed trade-off only; does not change output).

    Returns
    -------
    list of str

    Examples
    --------
    >>> import numpy as np
    >>> specs = [dict(kind="original", topic=t % 12, camp="01", account_type="supporter")
    ...          for t in range(5)]
    >>> many = compose_many(np.random.default_rng(3), specs)
    >>> rng = np.random.default_rng(3)
    >>> many == [compose(rng, **s) for s in specs]
    True
    """
    out: list[str] = []
    buf: list[dict] = []

    def flush() -> None:
        rows = rng.random((len(buf), N_DRAWS)).tolist()
        for row, s in zip(rows, buf, strict=True):
            kind = s["kind"]
            topic = s["topic"]
            camp = s["camp"]
            account_type = s["account_type"]
            claim = s.get("claim")
            role = s.get("role", "none")
            noise = s.get("noise", 0.3)
            _check(kind, topic, camp, account_type, claim, role, noise)
            mentions = s.get("mentions", ())
            out.append(
                _compose_row(
                    row, kind, int(topic), camp, account_type, claim, role, mentions, noise
                )
            )
        buf.clear()

    for s in specs:
        buf.append(s)
        if len(buf) >= block:
            flush()
    if buf:
        flush()
    return out


# --------------------------------------------------------------------------------------------
# Buzzer near-duplicates
# --------------------------------------------------------------------------------------------

_EMOJI_SET = frozenset(_EMOJI)
_PUSH = ("cek!!", "cek!!!", "sebarkan!", "🔥🔥", "up!!", "setuju!!")


def near_duplicates(rng: np.random.Generator, text: str, n: int) -> list[str]:
    """Return ``n`` distinct near-copies of a buzzer post (coordinated copy-paste).

    Each variant applies one or two small edits to ``text``: swap or add an emoji, change one
    hashtag for another of the same group, elongate a word ("bangettt"), swap two short
    adjacent clauses, or add a push word ("cek!!", "sebarkan!"). Variants differ from ``text``
    and from each other by a few characters: an edit is redrawn unless
    ``difflib.SequenceMatcher(None, text, v, autojunk=False).ratio() >= 0.85`` (a text too
    short for any such edit falls back to appended push words after many attempts). Variants
    are at most 280 characters.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of randomness.
    text : str
        The buzzer post to copy.
    n : int
        Number of variants (>= 0).

    Returns
    -------
    list of str
        ``n`` distinct strings, none equal to ``text``.

    Examples
    --------
    >>> import numpy as np
    >>> v = near_duplicates(np.random.default_rng(0), "gratispol beneran, gaskeun #RudySeno", 3)
    >>> len(set(v)), "gratispol beneran, gaskeun #RudySeno" in v
    (3, False)
    """
    if n < 0:
        raise ValueError(f"n: expected a non-negative int, got {n!r}")
    seen = {text}
    out: list[str] = []
    attempts = 0
    while len(out) < n:
        attempts += 1
        k = 1 if rng.random() < 0.6 or len(text) < 80 else 2
        v = text
        for _ in range(k):
            v = _edit(rng, v)
        if attempts > 20 * (n + 5):  # guaranteed-distinct fallback
            v = f"{text} {'!' * (attempts % 7 + 1)}{_PUSH[attempts % len(_PUSH)]}"
        elif not _close(text, v):
            continue  # too big an edit for this (short) text: try another
        v = _cut(v, MAX_CHARS)
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


def _common_prefix_len(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _close(a: str, b: str) -> bool:
    """difflib ratio >= 0.85 (autojunk off), with a cheap exact shortcut for one local edit."""
    p = _common_prefix_len(a, b)
    q = _common_prefix_len(a[p:][::-1], b[p:][::-1])
    # everything outside one differing span matches: ratio >= 2 * (p + q) / (len(a) + len(b))
    if 2 * (p + q) >= 0.85 * (len(a) + len(b)):
        return True
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.85


def _edit(rng: np.random.Generator, v: str) -> str:
    op = int(rng.integers(5))
    toks = v.split(" ")
    if op == 0:  # emoji swap or add
        idx = [i for i, t in enumerate(toks) if t in _EMOJI_SET]
        e = _EMOJI[int(rng.integers(len(_EMOJI)))]
        if idx:
            toks[idx[int(rng.integers(len(idx)))]] = e
        else:
            toks.insert(len(toks) if rng.random() < 0.8 else 0, e)
    elif op == 1:  # change one hashtag within its group, or add one
        idx = [i for i, t in enumerate(toks) if t.startswith("#") and t[1:] in _TAG_GROUP]
        if idx:
            i = idx[int(rng.integers(len(idx)))]
            group = lx.HASHTAGS[_TAG_GROUP[toks[i][1:]]]
            toks[i] = "#" + group[int(rng.integers(len(group)))][0]
        else:
            group = lx.HASHTAGS["neutral"]
            toks.append("#" + group[int(rng.integers(len(group)))][0])
    elif op == 2:  # elongate a word
        idx = [i for i, t in enumerate(toks) if len(t) >= 3 and t.isalpha()]
        if idx:
            i = idx[int(rng.integers(len(idx)))]
            toks[i] = toks[i] + toks[i][-1] * int(rng.integers(2, 4))
        else:
            toks.append("!!")
    elif op == 3:  # swap two short adjacent clauses
        clauses = v.split(", ")
        cand = [
            i
            for i in range(len(clauses) - 1)
            if max(len(clauses[i]), len(clauses[i + 1])) <= 0.12 * len(v)
        ]
        if cand:
            i = cand[int(rng.integers(len(cand)))]
            clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
            return ", ".join(clauses)
        toks.append(_PUSH[int(rng.integers(len(_PUSH)))])
    else:  # push word
        p = _PUSH[int(rng.integers(len(_PUSH)))]
        toks.append(p)
    return " ".join(toks)


# --------------------------------------------------------------------------------------------
# tweet-harvest 2024 clean-up and API retweet truncation
# --------------------------------------------------------------------------------------------

#: Characters tweet-harvest 2.5–2.6 replaces by a space (``charsToReplace`` in src/crawl.ts,
#: commit 74791bd, May 2024): newline, comma, ASCII double quote, U+2066 and U+2069 (bidi
#: isolates, invisible in the source), ’ ‘ “ ” … — – •.
_HARVEST_CHARS = '\n,"\u2066\u2069’‘“”…—–•'
#: Emoji ranges it deletes (``emojiPattern`` there). Skin tones U+1F3FB..FF fall in 1F300–1F5FF
#: (deleted); U+FE0F, U+200D, U+20E3 and regional indicators (flags, 1F1E6–1F1FF) do not.
_HARVEST_EMOJI = (
    (0x1F600, 0x1F64F), (0x1F300, 0x1F5FF), (0x1F680, 0x1F6FF), (0x1F700, 0x1F77F),
    (0x1F780, 0x1F7FF), (0x1F800, 0x1F8FF), (0x1F900, 0x1F9FF), (0x1FA00, 0x1FA6F),
    (0x1FA70, 0x1FAFF), (0x2600, 0x26FF), (0x2700, 0x27BF),
)  # fmt: skip
_HARVEST_TABLE: dict[int, str | None] = {ord(ch): " " for ch in _HARVEST_CHARS}
for _lo, _hi in _HARVEST_EMOJI:
    _HARVEST_TABLE.update(dict.fromkeys(range(_lo, _hi + 1)))
#: JavaScript's ``\s`` (ECMAScript WhiteSpace + LineTerminator), which differs from Python's
#: (Python adds U+001C–U+001F and U+0085, JavaScript adds U+FEFF).
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_SPACE_RUN = re.compile(f"[{_JS_SPACE}]{{2,}}")


def harvest_2024_clean(text: str) -> str:
    """Apply the ``full_text`` clean-up of tweet-harvest 2.5–2.6 (the 2024 CSV generation).

    Reproduces ``src/crawl.ts`` of helmisatria/tweet-harvest (commit 74791bd, May 2024) exactly,
    in its order:

    1. each of ``\\n , " U+2066 U+2069 ’ ‘ “ ” … — –  •`` is replaced by one space (the two
       bidi isolates U+2066/U+2069 are invisible in the source file; ``\\r`` is *not* replaced);
    2. code points in U+1F600–1F64F, 1F300–1F5FF, 1F680–1F6FF, 1F700–1F77F, 1F780–1F7FF,
       1F800–1F8FF, 1F900–1F9FF, 1FA00–1FA6F, 1FA70–1FAFF, 2600–26FF and 2700–27BF are deleted;
    3. every run of **two or more** JavaScript whitespace characters (``/\\s\\s+/g``) becomes one
       space. A single tab or ``\\r`` survives, and the text is **not** trimmed, so a leading or
       trailing newline leaves a leading or trailing space.

    Consequences worth knowing: the variation selector U+FE0F, the zero-width joiner U+200D,
    keycap U+20E3 and regional-indicator flags (🇮🇩) are outside those ranges and survive, so
    "🗳️" leaves "\\ufe0f" and "✌️" leaves "\\ufe0f"; emoji outside the ranges (e.g. ‼ U+203C,
    ⌛ U+231B, ⭐ U+2B50) survive too.

    Parameters
    ----------
    text : str
        Raw post text.

    Returns
    -------
    str

    Examples
    --------
    >>> harvest_2024_clean("Ayo nyoblos, gaes!! 😂🔥\\n“Gratispol” — katanya…")
    'Ayo nyoblos gaes!! Gratispol katanya '
    >>> harvest_2024_clean("sudah nyoblos 🗳️") == "sudah nyoblos \\ufe0f"
    True
    """
    return _JS_SPACE_RUN.sub(" ", text.translate(_HARVEST_TABLE))


_EXTENDERS = frozenset(
    [0x200D, 0x20E3, *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
)


def truncate_for_retweet(text: str, handle: str) -> str:
    """Return the X API retweet text ``"RT @handle: " + text``, truncated as the API does.

    Measured on the 585 distinct retweets with their originals in the twarc2 test data
    (``/work/shared/data/twarc2-twarc-csv-testdata/*.jsonl``; brexit.jsonl holds 67 of them):
    when ``"RT @handle: " + text`` is longer than 140 characters, the API keeps its first 139
    characters, strips trailing whitespace and appends "…" (U+2026). 460 of the 461 truncated
    retweets match that rule exactly; the last one shows that an emoji sequence is never split
    (the partial sequence is dropped before stripping). So the result is at most 140
    characters: 394 truncated texts have exactly 140, 66 have 139 (a space was stripped), one
    138. Untruncated texts (≤ 140) are kept whole. Lengths count code points after HTML
    unescaping: the API returns ``&amp; &lt; &gt;`` escaped (so raw lengths of up to 152
    occur) but counts each entity as one character; this function works on unescaped text and
    does not escape. The API also drops a trailing media ``https://t.co/…`` link, which
    synthetic texts do not have.

    Parameters
    ----------
    text : str
        The original post's text.
    handle : str
        The original author's handle (with or without "@").

    Returns
    -------
    str

    Examples
    --------
    >>> rt = truncate_for_retweet("kata " * 40, "warga_smd_0001")
    >>> len(rt), rt[:22], rt[-3:]
    (140, 'RT @warga_smd_0001: ka', 'ta…')
    >>> truncate_for_retweet("pendek aja", "@x")
    'RT @x: pendek aja'
    """
    full = f"RT @{handle.lstrip('@')}: {text}"
    if len(full) <= 140:
        return full
    cut = 139
    # never split an emoji sequence: back off over modifiers, joiners and ZWJ-joined parts
    while cut > 0 and (ord(full[cut]) in _EXTENDERS or full[cut - 1] == "\u200d"):
        cut -= 1
    # regional-indicator pairs (flags): do not keep an odd half
    ri = 0
    while cut - 1 - ri >= 0 and 0x1F1E6 <= ord(full[cut - 1 - ri]) <= 0x1F1FF:
        ri += 1
    if ri % 2:
        cut -= 1
    if cut < len(full) and unicodedata.combining(full[cut]):
        while cut > 0 and unicodedata.combining(full[cut]):
            cut -= 1
        cut = max(cut, 0)
    return full[:cut].rstrip() + "…"


def is_toxic(text: str) -> bool:
    """True if ``text`` contains a polarisation slur (:data:`~.lexicon.TOXIC_LABELS`).

    :func:`compose` inserts one very rarely (supporter or buzzer replies and quotes, with
    probability ``0.01 * noise``); use this to set a toxicity ground-truth flag.

    Examples
    --------
    >>> is_toxic("dasar kampret"), is_toxic("kampanye damai")
    (True, False)
    """
    low = text.lower()
    for w in lx.TOXIC_LABELS:
        i = low.find(w)
        while i >= 0:
            before = low[i - 1] if i > 0 else " "
            after = low[i + len(w)] if i + len(w) < len(low) else " "
            if not before.isalnum() and not after.isalnum():
                return True
            i = low.find(w, i + 1)
    return False
