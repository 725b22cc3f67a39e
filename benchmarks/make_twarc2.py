#!/usr/bin/env python
"""Fast, deterministic generator of synthetic twarc2 (X API v2) JSONL page files.

Every output line is one search-results page as ``twarc2 search`` writes it::

    {"data": [<=per_page tweets],
     "includes": {"users": [...], "tweets": [...], "media": [...]},
     "errors": [...],                      # only on pages that reference a deleted tweet
     "meta": {"newest_id", "oldest_id", "result_count", "next_token"},
     "__twarc": {"url", "version", "retrieved_at"}}

The content imitates Indonesian-language chatter about the 2024 East Kalimantan (Kaltim)
gubernatorial election (Pilkada Kaltim 2024, voting day 27 November 2024), Sep-Dec 2024.
Every account is fictional: handles look like ``warga_kaltim_123456`` (unique numeric suffix),
candidates are only ever "paslon 01" / "paslon 02", link domains use the reserved ``.example``
TLD.

Model (all randomness from ``numpy.random.Generator(seed)``; same arguments -> same bytes):

* ``0.155 * N`` accounts; lognormal activity (every account posts at least once, the busiest
  a few hundred times per million tweets), lognormal ``followers_count`` (median ~110, the
  top accounts in the hundreds of thousands).
* Kinds of the N data tweets: 55 % retweets, 12 % quotes, 15 % replies, the rest originals.
  A further ``0.05 * N`` originals are "outside the collection": they appear only in
  ``includes.tweets`` when referenced. Retweets, quotes and replies point at earlier tweets
  (lognormal delay, minutes to days) chosen with heavy-tailed popularity; a quarter of an
  account's later retweets go back to an author it already retweeted (so per 1M tweets there
  are ~480k distinct retweeter->author pairs, ~600k counting quotes too); an account never
  retweets the same tweet twice. 10 % of retweets hit quotes/replies and 25 % of replies
  continue a reply thread (``conversation_id`` = the root).
* 0.5 % of the distinct referenced originals are deleted: they are never in ``data`` or
  ``includes.tweets`` and every page that references one carries the API's
  "Could not find tweet" error object.
* ``includes.users`` holds (deduplicated per page) the author of every data tweet and of every
  included tweet, the replied-to user and every user mentioned in a data or included tweet.
  ``includes.tweets`` holds each referenced tweet once per page; ``includes.media`` the photos
  attached to data tweets.
* Pages are ordered like a search: newest tweet first (ids are snowflakes, so ids decrease
  down the file); ``retrieved_at`` advances with the page index.
* Entity offsets are code-point indices into ``text`` (``end`` exclusive; annotations use the
  API's inclusive ``end``). Retweet text is ``RT @author: `` + original, cut to 139 characters
  + "…" when longer than 140, keeping only entities that survive the cut.
* Size: ~2.65 KB per data tweet at 1M tweets (incl. the page's share of includes); smaller
  corpora dedupe more per page (~2.0 KB/tweet at 10k).

Usage::

    python benchmarks/make_twarc2.py OUT.jsonl --tweets 1000000 [--seed 0] [--per-page 100]

or ``generate(path, n_tweets, seed=0, per_page=100) -> dict`` (the printed counts).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote_plus

import numpy as np
import orjson

__all__ = ["generate", "main"]

_Frag = orjson.Fragment
_dumps = orjson.dumps

# ------------------------------------------------------------------ shape of the corpus
SHARE_RETWEET = 0.55
SHARE_QUOTE = 0.12
SHARE_REPLY = 0.15
ACCOUNTS_PER_TWEET = 0.155
HIDDEN_PER_TWEET = 0.05  # originals outside the collection (only ever in includes.tweets)
DELETED_SHARE = 0.005  # of the distinct referenced originals
RT_OF_SECOND_LEVEL = 0.10  # retweets of quotes / replies
REPLY_IN_THREAD = 0.25  # replies to replies
LOYAL_RETWEETS = 0.25  # share of an account's later retweets that go back to a favourite author

RT, ORIG, QUOTE, REPLY = 0, 1, 2, 3

TWEPOCH_MS = 1_288_834_974_657
T0_MS = 1_725_148_800_000  # 2024-09-01T00:00:00Z
T1_MS = 1_735_689_600_000  # 2025-01-01T00:00:00Z
N_DAYS = 122
ELECTION_DAY = 87  # 2024-11-27 (day index from 1 September)
RETRIEVED_BASE_S = 1_736_474_400  # 2025-01-10T02:00:00Z: when the "collection" ran

TWARC_VERSION = "2.14.0"
_QUERY = (
    "(pilkada OR pilgub OR paslon OR cagub OR nyoblos OR golput OR #PilkadaKaltim2024 "
    "OR #Kaltim) (kaltim OR samarinda OR balikpapan OR bontang OR kutai) -is:nullcast"
)
_URL_BASE = (
    "https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Cin_reply_to_user_id"
    "%2Creferenced_tweets.id%2Creferenced_tweets.id.author_id%2Centities.mentions.username"
    "%2Cattachments.poll_ids%2Cattachments.media_keys%2Cgeo.place_id%2Cedit_history_tweet_ids"
    "&tweet.fields=attachments%2Cauthor_id%2Ccontext_annotations%2Cconversation_id%2Ccreated_at"
    "%2Centities%2Cgeo%2Cid%2Cin_reply_to_user_id%2Clang%2Cpublic_metrics%2Ctext"
    "%2Cpossibly_sensitive%2Creferenced_tweets%2Creply_settings%2Csource%2Cwithheld"
    "%2Cedit_controls%2Cedit_history_tweet_ids"
    "&user.fields=created_at%2Cdescription%2Centities%2Cid%2Clocation%2Cname%2Cpinned_tweet_id"
    "%2Cprofile_image_url%2Cprotected%2Cpublic_metrics%2Curl%2Cusername%2Cverified"
    "%2Cverified_type%2Cwithheld"
    "&media.fields=alt_text%2Cduration_ms%2Cheight%2Cmedia_key%2Cpreview_image_url%2Ctype%2Curl"
    "%2Cwidth%2Cvariants%2Cpublic_metrics"
    "&poll.fields=duration_minutes%2Cend_datetime%2Cid%2Coptions%2Cvoting_status"
    "&place.fields=contained_within%2Ccountry%2Ccountry_code%2Cfull_name%2Cgeo%2Cid%2Cname"
    "%2Cplace_type"
    "&start_time=2024-09-01T00%3A00%3A00%2B00%3A00&end_time=2025-01-01T00%3A00%3A00%2B00%3A00"
    "&query=" + quote_plus(_QUERY) + "&max_results=100"
)

# ------------------------------------------------------------------ vocabulary
# Slots in templates: {N} paslon number, {C} city (Place annotation), {K} election body
# (Organization annotation), {T} polling-station number, {P} percentage, {H} inline hashtag.
_ORIGINAL_SENTENCES = [
    "Debat cagub semalam seru bgt, paslon {N} jawabannya lebih masuk akal menurutku.",
    "Yg penting jangan golput ya gaes, tanggal 27 November kita nyoblos bareng!",
    "Program paslon {N} soal jalan rusak di {C} gimana realisasinya nanti?",
    "Antrean di TPS {T} {C} udah panjang dari pagi, semangat warga!",
    "Jangan gampang percaya hoaks soal surat suara udah tercoblos, cek dulu ke {K}.",
    "Harga sembako naik terus, cagub mana yg beneran peduli sama rakyat kecil?",
    "Banjir lagi di {C}, semoga gubernur baru bisa beresin drainase.",
    "Quick count sementara paslon {N} unggul {P}%, tetap tunggu hasil resmi {K} ya.",
    "Gak ngerti lagi sama buzzer yg nyebar fitnah tiap hari, capek bgt liatnya.",
    "Kampanye akbar paslon {N} di {C} rame bgt, jalanan sampe macet.",
    "Udah cek nama di DPT belum? Bisa cek online lewat situs {K}.",
    "Beredar video lama yg diedit seolah-olah kejadian kemarin di {C}. Itu hoaks, jangan disebar!",
    "Pemimpin Kaltim ke depan harus mikirin IKN tapi jangan lupa kampung sendiri.",
    "Listrik sering padam di {C}, harusnya ini jadi prioritas paslon {N}.",
    "Visi misi paslon {N} soal pendidikan gratis menarik, tapi anggarannya dari mana?",
    "Saksi di TPS {T} udah lengkap, kawal suara sampai rekap selesai {H}",
    "{K} minta masyarakat segera lapor kalau nemu politik uang di lapangan.",
    "Serangan fajar itu nyata, tolak aja, suara kita gak bisa dibeli.",
    "Tadi liat baliho paslon {N} dicopotin di {C}, ada yg tau kenapa?",
    "Nyoblos dulu baru ngopi ☕",
    "Hasil rekap {K} tingkat kecamatan di {C} udah keluar, paslon {N} dapat {P}%.",
    "Paslon {N} janji bangun jembatan baru, semoga bukan janji doang.",
    "Siapapun yg menang harus berani bereskan tambang ilegal di Kaltim.",
    "Debat kedua tadi malam lebih panas dari yg pertama wkwk.",
    "Golput bukan solusi, pilih yg paling sedikit mudaratnya.",
    "Anak muda {C} jangan apatis, suara kalian ikut menentukan lima tahun ke depan.",
    "Info: TPS {T} di {C} pindah lokasi ke balai warga, cek lagi undangannya.",
    "Survei terbaru elektabilitas paslon {N} naik jadi {P}%, tapi survei bisa beda sama hasil.",
    "Akun yg bilang {K} curang itu sampai sekarang belum nunjukin bukti apa-apa.",
    "Lapangan kerja buat lulusan SMA di {C} masih minim bgt, paslon mana yg punya solusi?",
    "Cagub {N} kemarin blusukan ke pasar di {C}, ibu-ibu pada antusias.",
    "Netralitas ASN harus dijaga, {K} awasi terus jangan kasih kendor.",
    "Pemungutan suara 27 November 2024 mulai pukul 07.00 sampai 13.00 WITA, jangan telat.",
    "Pantau terus perkembangan rekapitulasi suara di {C} lewat kanal resmi {K}.",
    "Grup WA keluarga isinya hoaks semua soal paslon {N} 😭",
    "Ayo ke TPS, jangan lupa bawa KTP elektronik dan surat undangan {H}",
    "Ngeri juga ya perang tagar antar pendukung paslon {N} sama lawannya.",
    "Semoga siapapun yg menang bisa bawa Kaltim lebih maju, jangan cuma jadi penonton IKN.",
    "Jalan poros {C}–{C} rusak parah dari dulu, siapa yg mau benerin?",
    "BBM langka lagi di {C}, antre di SPBU sampe sore.",
    "Katanya ada bagi-bagi sembako atas nama paslon {N} di {C}, {K} harus turun tangan.",
    "Pilkada damai itu tanggung jawab kita semua, beda pilihan jangan sampai putus silaturahmi.",
    "Honor KPPS di {C} katanya belum cair, kasian yg udah kerja dari subuh.",
    "Paslon {N} didukung koalisi gemuk, tapi tetap rakyat yg nentuin.",
    "Kalau ada yg nawarin uang buat nyoblos paslon tertentu, foto dan laporkan ke {K}!",
    "Nonton debat sambil makan amplang, nikmat mana lagi yg kau dustakan wkwk",
    "Partisipasi pemilih di {C} katanya cuma {P}%, turun dibanding pemilu Februari.",
    "Kotak suara dari TPS {T} {C} udah sampai di PPK, aman terkendali.",
    "Yg nyebar isu paslon {N} mundur itu hoaks, udah diklarifikasi tim kampanye {H}",
    "Bingung mau nyoblos siapa, dua-duanya programnya mirip bgt.",
]
_REPLY_SENTENCES = [
    "setuju bgt sama ini",
    "hoaks itu, udah dibantah sama {K}",
    "sumbernya mana bang?",
    "wkwk bener bgt",
    "paslon {N} juga sama aja sih",
    "mantap, kawal terus sampai rekap",
    "gak gitu juga kali, baca dulu visi misinya",
    "iya di {C} juga gitu kemarin",
    "makasih infonya 🙏",
    "jangan asal nuduh tanpa bukti",
    "link beritanya dong",
    "ini foto lama, bukan kejadian tahun ini",
    "TPS aku di {C} sepi pagi tadi",
    "yg penting damai, siapapun yg menang",
    "udah nyoblos belum?",
    "kasian KPPS nya, semangat!",
    "aku tetap pilih paslon {N}",
    "buzzer detected 🤣",
    "mending diskusi program daripada saling hujat",
    "lapor ke {K} aja kalau ada bukti",
    "emang bener, jalan di {C} parah",
    "hadeh, tiap hari beritanya gini terus",
    "siap, meluncur ke TPS",
    "kok bisa gitu ya",
    "cek fakta dulu sebelum share",
    "gak usah golput, sayang suaranya",
    "paslon {N} menang di TPS {T} tempatku",
    "ini dia yg aku cari dari kemarin",
]
_QUOTE_SENTENCES = [
    "Nah ini yg aku maksud kemarin.",
    "Tolong dibaca sampai habis.",
    "Ini hoaks ya, jangan disebar.",
    "Penting buat warga {C}!",
    "Setuju sama thread ini.",
    "Gimana tanggapan tim paslon {N}?",
    "Klarifikasi resmi dari {K} soal isu ini 👇",
    "Wkwk udah ketebak.",
    "Fakta vs hoaks, kalian percaya yg mana?",
    "Ini baru namanya kampanye adu gagasan.",
    "Kalau benar, {K} harus segera tindak lanjuti.",
]
_OPENERS = [
    "Jujur ya, ",
    "Gimana menurut kalian? ",
    "Breaking: ",
    "Info penting! ",
    "Wkwk ",
    "Duh, ",
    "Alhamdulillah, ",
    "Sumpah, ",
    "Menurutku ",
    "Btw ",
    "Guys, ",
    "Update: ",
    "Warga Kaltim, ",
]
_CLOSERS = [
    " Setuju gak?",
    " 🙏",
    " 😂😂",
    " 🔥🔥",
    " Mantap!",
    " Semoga damai.",
    " Ayo nyoblos!",
    " Bismillah.",
    " Gimana pendapat kalian?",
    " 🇮🇩",
    " Salam damai ✌️",
    " Kawal terus!",
]
_HASHTAGS = (
    ["PilkadaKaltim2024"] * 14
    + ["Kaltim"] * 6
    + ["PemiluDamai"] * 4
    + ["TolakHoaks"] * 3
    + ["PilgubKaltim"] * 3
    + ["Samarinda"] * 2
    + ["Balikpapan"] * 2
    + ["Bontang"]
    + ["AyoNyoblos"] * 2
    + ["JanganGolput"] * 2
    + ["KawalSuara"] * 2
    + ["DebatPilkadaKaltim"] * 2
    + [
        "Pilkada2024",
        "PilkadaSerentak2024",
        "Paslon01",
        "Paslon02",
        "KaltimMemilih",
        "IKN",
        "QuickCount",
        "TolakPolitikUang",
        "PilkadaDamai",
        "KaltimBersatu",
    ]
)
_CITIES = (
    ["Samarinda"] * 10
    + ["Balikpapan"] * 8
    + ["Bontang"] * 4
    + [
        "Tenggarong",
        "Kutai Kartanegara",
        "Penajam",
        "Sangatta",
        "Berau",
        "Paser",
        "Kutai Barat",
        "Kutai Timur",
        "Tanjung Redeb",
        "Loa Janan",
        "Sanga-Sanga",
    ]
)
_ORGS = ["KPU", "KPU", "KPU Kaltim", "Bawaslu", "Bawaslu", "Bawaslu Kaltim", "DKPP", "KPPS"]
_NEWS_DOMAINS = [
    "kabarkaltim.example",
    "beritasamarinda.example",
    "warta-bpn.example",
    "news.borneopost-fiktif.example",
    "kaltimterkini.example",
    "suarabontang.example",
]
_NEWS_TITLES = [
    "Paslon {N} Kampanye di {C}, Ribuan Warga Hadir",
    "{K} Tetapkan DPT Pilkada Kaltim 2024",
    "Debat Publik Cagub Kaltim Digelar Malam Ini",
    "Hasil Rekapitulasi Suara Pilgub Kaltim di {C}",
    "{K} Temukan Dugaan Politik Uang di {C}",
    "Partisipasi Pemilih di {C} Capai {P} Persen",
    "Cek Fakta: Video Surat Suara Tercoblos di {C} Hoaks",
    "Paslon {N} Paparkan Program Infrastruktur untuk {C}",
]
_NEWS_DESCRIPTIONS = [
    "Tahapan Pilkada Kalimantan Timur 2024 terus berjalan menjelang hari pemungutan suara.",
    "Penyelenggara pemilu mengimbau warga tidak mudah percaya kabar yang belum terverifikasi.",
    "Kedua pasangan calon memaparkan visi dan misi di hadapan pendukungnya.",
    "Warga diminta memeriksa nama di daftar pemilih tetap sebelum hari pencoblosan.",
]
_EMOJI_TAILS = [" 🙏", " 😭", " 🤣", " 👍", " 🔥", " ✌️", " 😤", " 🤔", " 💪", " 🇮🇩"]

_PERSON_PREFIXES = [
    "warga_kaltim",
    "wargasmd",
    "urang_bpn",
    "arek_btg",
    "relawan_kaltim",
    "pemuda_kaltim",
    "bubuhan_kaltim",
    "netizen_kaltim",
    "pemilih_kaltim",
    "anak_kukar",
    "acil_smd",
    "mamah_kaltim",
    "ojol_bpn",
    "si_paling_kaltim",
    "pemilih_muda",
    "kaum_rebahan_smd",
]
_MEDIA_PREFIXES = [
    "info_kaltim",
    "kabar_smd",
    "berita_bpn",
    "warta_btg",
    "suara_kaltim",
    "pantau_pilkada",
    "kaltim_update",
    "seputar_kukar",
]
_MEDIA_NAMES = [
    "Info Kaltim Terkini",
    "Kabar Samarinda",
    "Berita Balikpapan Hari Ini",
    "Warta Bontang",
    "Suara Kaltim",
    "Pantau Pilkada",
    "Kaltim Update",
    "Seputar Kukar",
]
_FIRST = [
    "Andi",
    "Budi",
    "Rina",
    "Siti",
    "Dewi",
    "Ahmad",
    "Rizky",
    "Putri",
    "Nur",
    "Fajar",
    "Dian",
    "Eka",
    "Yusuf",
    "Hendra",
    "Wahyu",
    "Agus",
    "Sri",
    "Indah",
    "Ayu",
    "Bayu",
    "Dimas",
    "Fitri",
    "Galih",
    "Hasan",
    "Irfan",
    "Joko",
    "Kiki",
    "Lina",
    "Maya",
    "Nanda",
    "Oki",
    "Rahmat",
    "Syarif",
    "Tari",
    "Udin",
    "Wulan",
    "Yanti",
    "Zainal",
    "Rudi",
    "Novi",
    "Arif",
    "Bella",
    "Citra",
    "Dedi",
    "Erna",
    "Fahmi",
    "Gita",
    "Hadi",
    "Iwan",
    "Jamal",
    "Khairul",
    "Mega",
    "Nisa",
    "Puji",
    "Riko",
]
_LAST = [
    "Saputra",
    "Pratama",
    "Wijaya",
    "Lestari",
    "Hidayat",
    "Nugroho",
    "Rahman",
    "Kurniawan",
    "Setiawan",
    "Maulana",
    "Permata",
    "Ramadhan",
    "Handayani",
    "Anwar",
    "Gunawan",
    "Utami",
]
_TITLES = ["Bang", "Mas", "Kak", "Acil", "Om", "Mbak", "Pakde"]
_NAME_TAILS = ["", "", "", "", " 🌸", " 🇮🇩", " ✨", " | 01", " | 02", " 🦅", " (parodi)", " 🌿"]
_DESC_PARTS = [
    "Warga {C}",
    "Asli {C}",
    "Perantau di {C}",
    "Pecinta kopi ☕",
    "Mahasiswa",
    "Karyawan swasta",
    "Ibu rumah tangga",
    "Guru honorer",
    "Driver ojol",
    "Pedagang kecil",
    "Relawan demokrasi",
    "Akun pribadi, bukan buzzer",
    "Ngetwit seadanya",
    "RT ≠ endorse",
    "Suka sepak bola ⚽",
    "Anak rantau",
    "Penikmat senja",
    "Pendukung paslon {N}",
    "Pemilih pemula",
    "Cinta damai 🇮🇩",
    "Pekerja tambang",
    "Nelayan",
    "Honorer pemda",
    "Tukang kritik kebijakan",
    "Follow = follback",
]
_DESC_TAGS = ["PemiluDamai", "KaltimBangkit", "TolakHoaks", "Kaltim", "Samarinda", "Balikpapan"]
_LOCATIONS = (
    ["Samarinda, Kalimantan Timur"] * 5
    + ["Balikpapan, Indonesia"] * 4
    + ["Bontang"] * 2
    + ["Kalimantan Timur, Indonesia"] * 3
    + ["Indonesia"] * 3
    + [
        "Tenggarong",
        "Kaltim",
        "Penajam Paser Utara",
        "Sangatta, Kutai Timur",
        "Jakarta",
        "Banjarmasin",
        "🌏",
        "bumi",
    ]
)
_SOURCES = ["Twitter for Android", "Twitter for iPhone", "Twitter Web App", "TweetDeck Web App"]
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_B64U = _B62 + "-_"


def _compile(templates: list[str]) -> list[tuple]:
    out = []
    for s in templates:
        parts = []
        for j, piece in enumerate(re.split(r"\{([NCKTPH])\}", s)):
            if j % 2:
                parts.append(piece)  # one-letter slot code
            elif piece:
                parts.append(("", piece))  # literal text is a 2-tuple
        out.append(tuple(parts))
    return out


_ORIG_T = _compile(_ORIGINAL_SENTENCES)
_REPLY_T = _compile(_REPLY_SENTENCES)
_QUOTE_T = _compile(_QUOTE_SENTENCES)
_TITLE_T = _compile(_NEWS_TITLES)
_DESC_T = _compile(_DESC_PARTS)

# Context annotations (X's entity-recognition metadata). Entity ids are made up.
_CA_POOL = [
    (("38", "Political Race", ""), ("1829381224763527168", "Pilkada Kalimantan Timur 2024", None)),
    (
        ("29", "Events [Entity Service]", "Real world events. "),
        (
            "1823012244210049024",
            "Pilkada Serentak 2024",
            "Indonesian simultaneous regional elections, 27 November 2024",
        ),
    ),
    (
        ("131", "Unified Twitter Taxonomy", "A taxonomy of user interests. "),
        ("847878884917886977", "Politics", "Politics"),
    ),
    (
        ("131", "Unified Twitter Taxonomy", "A taxonomy of user interests. "),
        ("1070028159624474624", "Elections", "Elections"),
    ),
    (
        ("131", "Unified Twitter Taxonomy", "A taxonomy of user interests. "),
        ("1412103584722993152", "Indonesian politics", None),
    ),
    (
        (
            "30",
            "Entities [Entity Service]",
            "Entity Service top level domain, every item that is in Entity Service should be "
            "in this domain",
        ),
        ("1034049765112750080", "Kalimantan Timur", "East Kalimantan province"),
    ),
    (
        ("88", "Political Body", "A section of a government, like The Supreme Court"),
        ("1275091322781835264", "Komisi Pemilihan Umum", "Indonesian General Elections Commission"),
    ),
    (
        (
            "65",
            "Interests and Hobbies Vertical",
            "Top level interests and hobbies groupings, like Food or Travel",
        ),
        ("847544972781826048", "Political issues", "Political issues"),
    ),
    (
        (
            "66",
            "Interests and Hobbies Category",
            "A grouping of interests and hobbies entities, like Novelty Food or Destinations",
        ),
        ("1256236649253367808", "Fact checking", None),
    ),
    (
        (
            "46",
            "Business Taxonomy",
            "Categories within Brand Verticals that narrow down the scope of Brands",
        ),
        ("1557696848252391424", "News & Media", "Newspapers, news channels and online news"),
    ),
]


def _ca_entry(item: tuple) -> dict:
    (did, dname, ddesc), (eid, ename, edesc) = item
    ent = {"id": eid, "name": ename}
    if edesc:
        ent["description"] = edesc
    return {"domain": {"id": did, "name": dname, "description": ddesc}, "entity": ent}


def _ca_sets() -> list:
    r = random.Random(20241127)  # fixed: independent of the corpus seed
    sets = []
    for _ in range(64):
        k = r.choice((1, 1, 1, 2, 2, 3))
        picks = sorted(r.sample(range(len(_CA_POOL)), k))
        if 0 not in picks and r.random() < 0.4:
            picks = [0, *picks[:-1]]
        sets.append(_Frag(_dumps([_ca_entry(_CA_POOL[j]) for j in picks])))
    return sets


_CA_SETS = _ca_sets()


# ------------------------------------------------------------------ numpy simulation
def _norm_pick(rng: np.random.Generator, w: np.ndarray, k: int) -> np.ndarray:
    """k draws from range(len(w)) with probability proportional to w."""
    cdf = np.cumsum(w, dtype=np.float64)
    out = np.searchsorted(cdf, rng.random(k) * cdf[-1], side="right")
    return np.minimum(out, len(w) - 1)


def _dedupe(
    rng: np.random.Generator,
    who: np.ndarray,
    tgt: np.ndarray,
    w: np.ndarray,
    pool: np.ndarray | None = None,
) -> None:
    """Re-draw (in place) retweets that repeat an earlier (account, tweet) pair."""
    for _ in range(4):
        key = who * (int(tgt.max()) + 1) + tgt
        _, first = np.unique(key, return_index=True)
        dup = np.ones(len(key), dtype=bool)
        dup[first] = False
        k = int(dup.sum())
        if not k:
            return
        new = _norm_pick(rng, w, k)
        tgt[dup] = new if pool is None else pool[new]


def _day_weights() -> np.ndarray:
    d = np.arange(N_DAYS, dtype=np.float64)
    w = np.ones(N_DAYS)
    w[d >= 24] *= 1.6  # campaign period opens 25 September
    before = d <= ELECTION_DAY
    w[before] *= 1.0 + 2.5 * np.exp(-(ELECTION_DAY - d[before]) / 12.0)
    after = d > ELECTION_DAY
    w[after] *= 0.8 + 2.7 * np.exp(-(d[after] - ELECTION_DAY) / 6.0)
    w[ELECTION_DAY] *= 6.0  # voting day and quick counts
    w[ELECTION_DAY + 1] *= 2.5
    w[ELECTION_DAY + 2] *= 1.5
    for day, f in ((52, 3.0), (66, 3.0), (80, 3.5)):  # televised debates
        w[day] *= f
        w[day + 1] *= 1.8
    w[ELECTION_DAY + 8] *= 1.8  # provincial recapitulation
    return w / w.sum()


def _hour_weights() -> np.ndarray:
    local = np.array(
        [
            0.5,
            0.3,
            0.2,
            0.15,
            0.25,
            0.5,
            0.9,
            1.1,
            1.2,
            1.2,
            1.2,
            1.3,
            1.5,
            1.4,
            1.2,
            1.1,
            1.2,
            1.3,
            1.4,
            1.7,
            2.0,
            2.1,
            1.8,
            1.0,
        ]
    )
    utc = np.roll(local, -8)  # WITA = UTC+8: UTC hour h is local hour h+8
    return utc / utc.sum()


class _Sim:
    """All structural randomness, vectorised. Tweet index = chronological order."""

    def __init__(self, n: int, seed: int):
        rng = np.random.default_rng([seed, 0x7A12])
        self.n = n
        A = self.n_accounts = max(2, round(ACCOUNTS_PER_TWEET * n))

        # ---- accounts
        zf = rng.standard_normal(A)
        followers = np.minimum(np.exp(4.7 + 1.85 * zf), 4.2e6).astype(np.int64)
        act = np.exp(0.35 * zf + 1.25 * rng.standard_normal(A))
        self.followers = followers
        self.following = np.minimum(np.exp(5.6 + 0.95 * rng.standard_normal(A)), 7400).astype(
            np.int64
        )
        self.listed = (followers * rng.uniform(0.0, 0.012, A)).astype(np.int64)
        self.user_tweets = (np.exp(7.0 + 1.6 * rng.standard_normal(A)) + 30 * act).astype(np.int64)
        self.user_likes = np.exp(7.3 + 1.7 * rng.standard_normal(A)).astype(np.int64)
        created_lo = 1_243_814_400_000  # 2009-06-01
        created_hi = 1_724_544_000_000  # 2024-08-25
        created = created_lo + (rng.beta(2.2, 1.3, A) * (created_hi - created_lo)).astype(np.int64)
        self.acct_created = created
        media = np.zeros(A, dtype=bool)
        n_media = max(1, A // 250)
        media[np.argsort(-followers, kind="stable")[:n_media]] = True
        self.acct_media = media
        vt = np.zeros(A, dtype=np.int8)  # 0 none, 1 blue, 2 business
        vt[rng.random(A) < 0.008 + 0.12 * (followers > 20_000)] = 1
        vt[media & (followers > 50_000) & (rng.random(A) < 0.5)] = 2
        self.acct_verified = vt
        self.acct_seed = rng.integers(0, 2**62, A)
        self.acct_num = rng.permutation(max(5 * A, 10_000))[:A] + 100
        self.acct_prefix = np.where(
            media,
            rng.integers(0, len(_MEDIA_PREFIXES), A),
            rng.integers(0, len(_PERSON_PREFIXES), A),
        )
        self.acct_source = _norm_pick(rng, np.array([0.68, 0.2, 0.1, 0.02]), A)
        old = created < 1_464_739_200_000  # before mid-2016: short numeric ids
        uid = ((created - TWEPOCH_MS) << 22) | rng.integers(0, 2**22, A)
        uid[old] = rng.integers(10_000_000, 3_000_000_000, int(old.sum()))
        _, first = np.unique(uid, return_index=True)
        if len(first) != A:  # astronomically rare; keep ids unique anyway
            dup = np.ones(A, dtype=bool)
            dup[first] = False
            uid[dup] += rng.integers(1, 1000, int(dup.sum())) * 7919
        self.acct_uid = uid

        # ---- how many of each kind
        n_rt = round(SHARE_RETWEET * n)
        n_q = round(SHARE_QUOTE * n)
        n_rep = round(SHARE_REPLY * n)
        n_orig = n - n_rt - n_q - n_rep
        if n_orig < 0:
            n_rt += n_orig
            n_orig = 0
        n_hid = max(1, round(HIDDEN_PER_TWEET * n))
        n_rep2 = round(REPLY_IN_THREAD * n_rep)
        n_rep1 = n_rep - n_rep2
        if n_rep1 == 0:
            n_rep1, n_rep2 = n_rep, 0
        n_rt2 = round(RT_OF_SECOND_LEVEL * n_rt) if (n_q + n_rep1) else 0
        n_rt1 = n_rt - n_rt2
        n_o = n_orig + n_hid
        n_ev = n_rt + n_q + n_rep

        # ---- originals
        o_auth = _norm_pick(rng, act**0.8 * (followers + 20.0) ** 0.35, n_o)
        day = _norm_pick(rng, _day_weights(), n_o)
        hour = _norm_pick(rng, _hour_weights(), n_o)
        o_t = (
            T0_MS + day * 86_400_000 + hour * 3_600_000 + rng.integers(0, 3_600_000, n_o)
        ).astype(np.int64)
        o_w = np.exp(1.5 * rng.standard_normal(n_o)) * (followers[o_auth] + 30.0) ** 0.55

        # ---- events: authors cover every account once, then by activity
        if n_ev >= A:
            ev_auth = np.concatenate([np.arange(A), _norm_pick(rng, act, n_ev - A)])
            ev_auth = rng.permutation(ev_auth)
        else:
            ev_auth = rng.permutation(A)[:n_ev]
        # layout: [originals | RT1 | Q | REP1 | RT2 | REP2]
        s_rt1 = n_o
        s_q = s_rt1 + n_rt1
        s_rep1 = s_q + n_q
        s_rt2 = s_rep1 + n_rep1
        s_rep2 = s_rt2 + n_rt2
        M = s_rep2 + n_rep2
        kind = np.empty(M, dtype=np.int8)
        kind[:n_o] = ORIG
        kind[s_rt1:s_q] = RT
        kind[s_q:s_rep1] = QUOTE
        kind[s_rep1:s_rt2] = REPLY
        kind[s_rt2:s_rep2] = RT
        kind[s_rep2:] = REPLY
        author = np.concatenate([o_auth, ev_auth]).astype(np.int64)
        target = np.full(M, -1, dtype=np.int64)
        t_ms = np.empty(M, dtype=np.int64)
        t_ms[:n_o] = o_t

        def after(tt: np.ndarray, mu: float, sigma: float) -> np.ndarray:
            k = len(tt)
            d = np.maximum(np.exp(mu + sigma * rng.standard_normal(k)) * 1000.0, 2000.0)
            t = tt + d.astype(np.int64)
            late = t >= T1_MS
            if late.any():
                span = np.maximum(T1_MS - tt[late], 2)
                t[late] = tt[late] + 1 + (rng.random(int(late.sum())) * (span - 1)).astype(np.int64)
            return t

        def fix_self(lo: int, hi: int) -> None:
            same = author[lo:hi] == author[target[lo:hi]]
            k = int(same.sum())
            if k:
                a = author[lo:hi]
                a[same] = (a[same] + 1 + rng.integers(0, A - 1, k)) % A

        # first level: retweets, quotes and replies of originals
        target[s_rt1:s_q] = _norm_pick(rng, o_w, n_rt1)
        self._loyalty(rng, author[s_rt1:s_q], target[s_rt1:s_q], o_auth)
        _dedupe(rng, author[s_rt1:s_q], target[s_rt1:s_q], o_w)
        target[s_q:s_rep1] = _norm_pick(rng, o_w**0.8, n_q)
        target[s_rep1:s_rt2] = _norm_pick(rng, o_w**0.7, n_rep1)
        t_ms[s_rt1:s_q] = after(t_ms[target[s_rt1:s_q]], 7.8, 1.7)
        t_ms[s_q:s_rep1] = after(t_ms[target[s_q:s_rep1]], 8.4, 1.6)
        t_ms[s_rep1:s_rt2] = after(t_ms[target[s_rep1:s_rt2]], 7.4, 1.5)
        fix_self(s_rt1, s_rt2)
        # second level: retweets of quotes/replies, replies continuing a thread
        if n_rt2:
            pool = np.arange(s_q, s_rt2)
            pw = (
                np.exp(1.4 * rng.standard_normal(len(pool)))
                * (followers[author[pool]] + 30.0) ** 0.5
            )
            target[s_rt2:s_rep2] = pool[_norm_pick(rng, pw, n_rt2)]
            _dedupe(rng, author[s_rt2:s_rep2], target[s_rt2:s_rep2], pw, pool)
            t_ms[s_rt2:s_rep2] = after(t_ms[target[s_rt2:s_rep2]], 7.8, 1.6)
        if n_rep2:
            pool = np.arange(s_rep1, s_rt2)
            pw = np.exp(1.0 * rng.standard_normal(len(pool)))
            target[s_rep2:] = pool[_norm_pick(rng, pw, n_rep2)]
            t_ms[s_rep2:] = after(t_ms[target[s_rep2:]], 7.2, 1.4)
        fix_self(s_rt2, M)
        root = np.arange(M, dtype=np.int64)
        root[s_rep1:s_rt2] = target[s_rep1:s_rt2]
        root[s_rep2:] = target[target[s_rep2:]]
        visible = np.ones(M, dtype=bool)
        visible[n_orig:n_o] = False

        # mentions inside authored text (prominent accounts more likely)
        mw = (followers + 10.0) ** 0.8
        m1 = np.where(rng.random(M) < 0.10, _norm_pick(rng, mw, M), -1)
        m2 = np.where(rng.random(M) < 0.02, _norm_pick(rng, mw, M), -1)
        m1[(m1 == author) | (kind == RT)] = -1
        m2[(m2 == author) | (m2 == m1) | (m1 < 0)] = -1

        # ---- snowflake ids; sort everything chronologically
        ids = ((t_ms - TWEPOCH_MS) << 22) | rng.integers(0, 2**22, M)
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        while True:
            dup = np.flatnonzero(ids[1:] <= ids[:-1])
            if not len(dup):
                break
            ids[dup + 1] = ids[dup] + 1
        inv = np.empty(M, dtype=np.int64)
        inv[order] = np.arange(M)

        def remap(x: np.ndarray) -> np.ndarray:
            x = x[order]
            ok = x >= 0
            x[ok] = inv[x[ok]]
            return x

        self.M = M
        self.ids = ids
        self.t_ms = t_ms[order]
        self.kind = kind[order]
        self.author = author[order]
        self.target = remap(target)
        self.root = remap(root)
        self.visible = visible[order]
        self.m1 = m1[order]
        self.m2 = m2[order]
        self.tseed = rng.integers(0, 2**62, M)
        kind, target, author = self.kind, self.target, self.author

        # ---- deleted originals (only among those outside the collection)
        ev = target >= 0
        refd = np.zeros(M, dtype=bool)
        refd[target[ev]] = True
        ref_orig = np.flatnonzero(refd & (kind == ORIG))
        hid_ref = ref_orig[~self.visible[ref_orig]]
        n_del = min(len(hid_ref), round(DELETED_SHARE * len(ref_orig)))
        deleted = np.zeros(M, dtype=bool)
        if n_del:
            deleted[rng.choice(hid_ref, n_del, replace=False)] = True
        self.deleted = deleted
        self.refd = refd

        # ---- public metrics (collection sees only part of the engagement)
        rtc = np.bincount(target[kind == RT], minlength=M)
        qc = np.bincount(target[kind == QUOTE], minlength=M)
        rc = np.bincount(target[kind == REPLY], minlength=M)
        self.m_rt = rtc + (rtc * rng.uniform(0.0, 0.6, M)).astype(np.int64)
        self.m_q = qc + (qc * rng.uniform(0.0, 0.3, M)).astype(np.int64)
        self.m_rep = rc + (rc * rng.uniform(0.0, 0.5, M)).astype(np.int64)
        self.m_like = (
            (self.m_rt + self.m_q + self.m_rep) * np.exp(0.9 + 0.6 * rng.standard_normal(M))
            + rng.poisson(1.2, M)
        ).astype(np.int64)
        self.m_book = (self.m_like * rng.uniform(0.0, 0.05, M)).astype(np.int64)
        self.m_impr = (
            followers[author] * rng.uniform(0.05, 0.6, M)
            + self.m_rt * np.exp(5.0 + 0.5 * rng.standard_normal(M))
            + rng.integers(3, 60, M)
        ).astype(np.int64)

        # ---- file order: newest first
        vis = np.flatnonzero(self.visible)[::-1]
        self.data_order = vis

        # ---- statistics
        is_rt = kind == RT
        is_q = kind == QUOTE
        pair_rt = author[is_rt] * A + author[target[is_rt]]
        pair_q = author[is_q] * A + author[target[is_q]]
        self.stats = {
            "tweets": len(vis),
            "accounts": int(A),
            "retweets": int(is_rt.sum()),
            "quotes": int(is_q.sum()),
            "replies": int((kind == REPLY).sum()),
            "originals": int(((kind == ORIG) & self.visible).sum()),
            "originals_outside_collection": int(((kind == ORIG) & ~self.visible).sum()),
            "distinct_retweet_pairs": len(np.unique(pair_rt)),
            "distinct_retweet_or_quote_pairs": len(np.unique(np.concatenate([pair_rt, pair_q]))),
            "distinct_referenced_originals": len(ref_orig),
            "deleted_originals": int(n_del),
        }

    @staticmethod
    def _loyalty(
        rng: np.random.Generator, who: np.ndarray, tgt: np.ndarray, o_auth: np.ndarray
    ) -> None:
        """Repeat retweeting: some retweets go to another original by an author the same
        account already retweeted (one of its first three), in place on ``tgt``."""
        n = len(who)
        if n < 2:
            return
        order = np.argsort(who, kind="stable")
        w_sorted = who[order]
        start = np.searchsorted(w_sorted, w_sorted, side="left")
        rank = np.arange(n) - start
        loyal = (rank > 0) & (rng.random(n) < LOYAL_RETWEETS)
        pos = np.flatnonzero(loyal)
        anchor = order[
            start[pos] + (rng.random(len(pos)) * np.minimum(rank[pos], 3)).astype(np.int64)
        ]
        fav = o_auth[tgt[anchor]]
        by_author = np.argsort(o_auth, kind="stable")
        a_sorted = o_auth[by_author]
        lo = np.searchsorted(a_sorted, fav, side="left")
        cnt = np.searchsorted(a_sorted, fav, side="right") - lo
        ok = cnt >= 2
        pos, anchor, lo, cnt = pos[ok], anchor[ok], lo[ok], cnt[ok]
        # uniform over the author's other originals: never the anchor's own tweet again
        inv = np.empty(len(o_auth), dtype=np.int64)
        inv[by_author] = np.arange(len(o_auth))
        skip = inv[tgt[anchor]] - lo
        j = (rng.random(len(pos)) * (cnt - 1)).astype(np.int64)
        j += j >= skip
        pick = by_author[lo + j]
        tgt[order[pos]] = pick


# ------------------------------------------------------------------ serialisation
def _iso_s(ms: int) -> str:
    return datetime.fromtimestamp(ms // 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


class _Writer:
    def __init__(self, sim: _Sim, per_page: int, seed: int):
        self.sim = sim
        self.per_page = per_page
        s = sim
        self.kind = s.kind.tolist()
        self.author = s.author.tolist()
        self.target = s.target.tolist()
        self.root = s.root.tolist()
        self.m1 = s.m1.tolist()
        self.m2 = s.m2.tolist()
        self.tseed = s.tseed.tolist()
        self.deleted = s.deleted.tolist()
        self.ids_int = s.ids.tolist()
        self.ids = [str(x) for x in self.ids_int]
        secs = (s.t_ms // 1000).astype("datetime64[s]")
        self.created = [x + ".000Z" for x in np.datetime_as_string(secs, unit="s").tolist()]
        self.m_rt = s.m_rt.tolist()
        self.m_q = s.m_q.tolist()
        self.m_rep = s.m_rep.tolist()
        self.m_like = s.m_like.tolist()
        self.m_book = s.m_book.tolist()
        self.m_impr = s.m_impr.tolist()
        A = s.n_accounts
        self.handles = [
            (_MEDIA_PREFIXES if md else _PERSON_PREFIXES)[p] + "_" + str(num)
            for md, p, num in zip(
                s.acct_media.tolist(), s.acct_prefix.tolist(), s.acct_num.tolist(), strict=True
            )
        ]
        self.uids = [str(x) for x in s.acct_uid.tolist()]
        self.usource = [_SOURCES[i] for i in s.acct_source.tolist()]
        self.ufrag: list = [None] * A
        self.rnd = random.Random()
        self.err_frag: dict[int, orjson.Fragment] = {}

        # pages, last use of every referenced tweet, eviction lists
        order = s.data_order
        n_pages = (len(order) + per_page - 1) // per_page
        self.n_pages = n_pages
        page_of = np.full(s.M, -1, dtype=np.int64)
        page_of[order] = np.arange(len(order)) // per_page
        last = page_of.copy()
        ev = s.target >= 0
        np.maximum.at(last, s.target[ev], page_of[ev])
        refd = np.flatnonzero(s.refd)
        by_page = refd[np.argsort(last[refd], kind="stable")]
        cuts = np.searchsorted(last[by_page], np.arange(n_pages + 1), side="left")
        self.evict = [by_page[cuts[p] : cuts[p + 1]].tolist() for p in range(n_pages)]
        self.cache_ok = s.refd.tolist()
        self.last = last.tolist()
        self.order = order.tolist()

        prng = np.random.default_rng([seed, 0x9A6E])
        letters = np.frombuffer(b"0123456789abcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
        toks = letters[prng.integers(0, 36, (max(n_pages, 1), 45))]
        self.tokens = [bytes(row).decode() for row in toks]
        ret = RETRIEVED_BASE_S + (seed % 997) * 60 + np.cumsum(prng.integers(1, 4, n_pages))
        self.retrieved = [
            datetime.fromtimestamp(x, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
            for x in ret.tolist()
        ]

    # ---------------------------------------------------------------- users
    def user(self, a: int) -> orjson.Fragment:
        f = self.ufrag[a]
        if f is None:
            f = self.ufrag[a] = self._build_user(a)
        return f

    def _build_user(self, a: int) -> orjson.Fragment:
        s = self.sim
        rnd = self.rnd
        rnd.seed(int(s.acct_seed[a]))
        r = rnd.random
        handle = self.handles[a]
        media = bool(s.acct_media[a])
        if media:
            name = _MEDIA_NAMES[int(s.acct_prefix[a])]
            desc = (
                "Portal informasi seputar "
                + _CITIES[int(r() * len(_CITIES))]
                + " dan Kalimantan Timur. Kirim info via DM. #PemiluDamai"
            )
            tags = [{"start": len(desc) - 12, "end": len(desc), "tag": "PemiluDamai"}]
        else:
            style = r()
            first = _FIRST[int(r() * len(_FIRST))]
            if style < 0.3:
                name = first
            elif style < 0.55:
                name = first + " " + _B62[10 + int(r() * 26)] + "."
            elif style < 0.75:
                name = _TITLES[int(r() * len(_TITLES))] + " " + first
            else:
                name = first + " " + _LAST[int(r() * len(_LAST))]
            name += _NAME_TAILS[int(r() * len(_NAME_TAILS))]
            desc, tags = "", []
            if r() < 0.8:
                pieces = []
                for _ in range(1 + int(r() * 2.3)):
                    pieces.append(_fill_plain(rnd, _DESC_T[int(r() * len(_DESC_T))]))
                desc = " | ".join(pieces)
                for _ in range(int(r() * 2.4)):
                    tag = _DESC_TAGS[int(r() * len(_DESC_TAGS))]
                    desc += " #" + tag
                    tags.append({"start": len(desc) - len(tag) - 1, "end": len(desc), "tag": tag})
        created_ms = int(s.acct_created[a])
        ents: dict = {}
        url = ""
        if r() < 0.12 or media:
            url = "https://t.co/" + "".join(rnd.choices(_B62, k=10))
            exp = (
                ("https://" + handle.replace("_", "") + ".example/")
                if media
                else ("https://linktr.ee.example/" + handle)
            )
            ents["url"] = {
                "urls": [
                    {"start": 0, "end": 23, "url": url, "expanded_url": exp, "display_url": exp[8:]}
                ]
            }
        if tags:
            ents["description"] = {"hashtags": tags}
        vt = int(s.acct_verified[a])
        u: dict = {
            "created_at": _iso_s(created_ms),
            "description": desc,
        }
        if ents:
            u["entities"] = ents
        u["id"] = self.uids[a]
        if r() < 0.6 or media:
            u["location"] = _LOCATIONS[int(r() * len(_LOCATIONS))]
        u["name"] = name
        if r() < 0.22:
            pin_ms = created_ms + int(r() * max(1, T0_MS - created_ms))
            u["pinned_tweet_id"] = str(((pin_ms - TWEPOCH_MS) << 22) | rnd.getrandbits(22))
        if r() < 0.1:
            u["profile_image_url"] = (
                "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png"
            )
        else:
            img_ms = created_ms + int(r() * max(1, T0_MS - created_ms))
            u["profile_image_url"] = (
                "https://pbs.twimg.com/profile_images/"
                + str(((img_ms - TWEPOCH_MS) << 22) | rnd.getrandbits(22))
                + "/"
                + "".join(rnd.choices(_B64U, k=8))
                + "_normal.jpg"
            )
        u["protected"] = False
        u["public_metrics"] = {
            "followers_count": int(s.followers[a]),
            "following_count": int(s.following[a]),
            "tweet_count": int(s.user_tweets[a]),
            "listed_count": int(s.listed[a]),
            "like_count": int(s.user_likes[a]),
        }
        u["url"] = url
        u["username"] = handle
        u["verified"] = vt > 0
        u["verified_type"] = ("none", "blue", "business")[vt]
        return _Frag(_dumps(u))

    # ---------------------------------------------------------------- authored tweets
    def entry(self, i: int) -> list:
        """[fragment, user indices, content for retweets, retweet template, media fragment]."""
        rnd = self.rnd
        rnd.seed(self.tseed[i])
        r = rnd.random
        k = self.kind[i]
        a = self.author[i]
        handles = self.handles
        uids = self.uids
        tid = self.ids[i]
        users = [a]
        buf: list[str] = []
        pos = 0
        tags: list = []
        mens: list = []
        urls: list = []
        anns: list = []

        t = self.target[i]
        lower = False
        if k == REPLY:
            lead = [self.author[t]]
            if self.kind[t] == REPLY:
                ra = self.author[self.root[i]]
                if ra != lead[0] and ra != a:
                    lead.append(ra)
            for u in lead:
                h = handles[u]
                mens.append({"start": pos, "end": pos + len(h) + 1, "username": h, "id": uids[u]})
                buf.append("@" + h + " ")
                pos += len(h) + 2
                users.append(u)
            templates = _REPLY_T if r() < 0.7 else _ORIG_T
            n_sent = 1 if r() < 0.75 else 2
        elif k == QUOTE:
            templates = _QUOTE_T if r() < 0.5 else _ORIG_T
            n_sent = 1 if r() < 0.6 else 2
        else:
            templates = _ORIG_T
            x = r()
            n_sent = 1 if x < 0.3 else (2 if x < 0.88 else 3)
            if r() < 0.3:
                s = _OPENERS[int(r() * len(_OPENERS))]
                buf.append(s)
                pos += len(s)
                lower = s[-2] not in ".!?:"

        ment = [m for m in (self.m1[i], self.m2[i]) if m >= 0]
        for j in range(n_sent):
            if j:
                s = "\n\n" if r() < 0.15 else " "
                buf.append(s)
                pos += len(s)
            if j == 1 and ment and r() < 0.5:
                m = ment.pop()
                h = handles[m]
                mens.append({"start": pos, "end": pos + len(h) + 1, "username": h, "id": uids[m]})
                buf.append("@" + h + " ")
                pos += len(h) + 2
                users.append(m)
            for part in templates[int(r() * len(templates))]:
                if part.__class__ is tuple:
                    s = part[1]
                    if lower:
                        s = s[0].lower() + s[1:]
                elif part == "C":
                    s = _CITIES[int(r() * len(_CITIES))]
                    if r() < 0.8:
                        anns.append(
                            {
                                "start": pos,
                                "end": pos + len(s) - 1,
                                "probability": round(0.55 + 0.44 * r(), 4),
                                "type": "Place",
                                "normalized_text": s,
                            }
                        )
                elif part == "N":
                    s = "01" if r() < 0.5 else "02"
                elif part == "K":
                    s = _ORGS[int(r() * len(_ORGS))]
                    if r() < 0.7:
                        anns.append(
                            {
                                "start": pos,
                                "end": pos + len(s) - 1,
                                "probability": round(0.4 + 0.5 * r(), 4),
                                "type": "Organization",
                                "normalized_text": s,
                            }
                        )
                elif part == "T":
                    s = f"{1 + int(r() * 140):03d}"
                elif part == "P":
                    s = f"{38 + int(r() * 28)},{int(r() * 10)}"
                else:  # H
                    tag = _HASHTAGS[int(r() * len(_HASHTAGS))]
                    s = "#" + tag
                    tags.append({"start": pos, "end": pos + len(s), "tag": tag})
                buf.append(s)
                pos += len(s)
                lower = False
        if k != REPLY and r() < 0.35:
            s = _CLOSERS[int(r() * len(_CLOSERS))]
            buf.append(s)
            pos += len(s)
        for m in ment:
            h = handles[m]
            buf.append(" cc @")
            pos += 5
            mens.append({"start": pos - 1, "end": pos + len(h), "username": h, "id": uids[m]})
            buf.append(h)
            pos += len(h)
            users.append(m)
        x = r()
        n_tags = (
            (0 if x < 0.55 else (1 if x < 0.85 else 2))
            if k == REPLY
            else (0 if x < 0.12 else (1 if x < 0.5 else (2 if x < 0.8 else 3)))
        )
        if n_tags:
            s = "\n\n" if r() < 0.3 else " "
            buf.append(s)
            pos += len(s)
            for j in range(n_tags):
                tag = (
                    "PilkadaKaltim2024"
                    if (j == 0 and r() < 0.45)
                    else _HASHTAGS[int(r() * len(_HASHTAGS))]
                )
                if j:
                    buf.append(" ")
                    pos += 1
                buf.append("#" + tag)
                tags.append({"start": pos, "end": pos + len(tag) + 1, "tag": tag})
                pos += len(tag) + 1
        elif r() < 0.25:
            s = _EMOJI_TAILS[int(r() * len(_EMOJI_TAILS))]
            buf.append(s)
            pos += len(s)

        tid_int = self.ids_int[i]
        if k == ORIG and r() < 0.13:  # link to a (fictional) news article
            dom = _NEWS_DOMAINS[int(r() * len(_NEWS_DOMAINS))]
            title = _fill_plain(rnd, _TITLE_T[int(r() * len(_TITLE_T))])
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            day = self.created[i][:10].replace("-", "/")
            exp = "https://" + dom + "/" + day + "/" + slug
            disp = exp[8:]
            if len(disp) > 26:
                disp = disp[:26] + "…"
            tco = "https://t.co/" + "".join(rnd.choices(_B62, k=10))
            buf.append(" ")
            pos += 1
            urls.append(
                {
                    "start": pos,
                    "end": pos + 23,
                    "url": tco,
                    "expanded_url": exp,
                    "display_url": disp,
                    "images": [
                        {
                            "url": "https://pbs.twimg.com/news_img/"
                            + str(tid_int - (int(r() * 9e5) << 22))
                            + "/"
                            + "".join(rnd.choices(_B64U, k=8))
                            + "?format=jpg&name=orig",
                            "width": 1200,
                            "height": 630,
                        }
                    ],
                    "status": 200,
                    "title": title,
                    "description": _NEWS_DESCRIPTIONS[int(r() * len(_NEWS_DESCRIPTIONS))],
                    "unwound_url": exp,
                }
            )
            buf.append(tco)
            pos += 23
        if k == QUOTE:
            tt = self.target[i]
            th = handles[self.author[tt]]
            exp = "https://twitter.com/" + th + "/status/" + self.ids[tt]
            disp = exp[8:34] + "…"
            tco = "https://t.co/" + "".join(rnd.choices(_B62, k=10))
            buf.append(" ")
            pos += 1
            urls.append(
                {
                    "start": pos,
                    "end": pos + 23,
                    "url": tco,
                    "expanded_url": exp,
                    "display_url": disp,
                }
            )
            buf.append(tco)
            pos += 23
        att = None
        media_frag = None
        if r() < (0.14 if k == ORIG else (0.06 if k == QUOTE else 0.03)):
            mid = tid_int - ((1000 + int(r() * 60000)) << 22)
            mk = "3_" + str(mid)
            code = "".join(rnd.choices(_B62, k=10))
            tco = "https://t.co/" + code
            buf.append(" ")
            pos += 1
            urls.append(
                {
                    "start": pos,
                    "end": pos + 23,
                    "url": tco,
                    "expanded_url": "https://twitter.com/"
                    + handles[a]
                    + "/status/"
                    + tid
                    + "/photo/1",
                    "display_url": "pic.twitter.com/" + code,
                    "media_key": mk,
                }
            )
            buf.append(tco)
            pos += 23
            att = {"media_keys": [mk]}
            w, h = ((1080, 1350), (1200, 675), (1536, 2048), (720, 1280), (1280, 960))[int(r() * 5)]
            media_frag = _Frag(
                _dumps(
                    {
                        "height": h,
                        "media_key": mk,
                        "width": w,
                        "url": "https://pbs.twimg.com/media/"
                        + "".join(rnd.choices(_B64U, k=15))
                        + ".jpg",
                        "type": "photo",
                    }
                )
            )
        text = "".join(buf)

        ents = {}
        if anns:
            ents["annotations"] = anns
        if tags:
            ents["hashtags"] = tags
        if mens:
            ents["mentions"] = mens
        if urls:
            ents["urls"] = urls
        ca = None
        if k != REPLY or r() < 0.3:
            ca = _CA_SETS[int(r() * len(_CA_SETS))] if r() < 0.58 else None
        x = r()
        lang = "in" if x < 0.93 else ("und" if x < 0.96 else ("qme" if x < 0.98 else "en"))
        sensitive = r() < 0.006
        x = r()
        reply_settings = (
            "everyone"
            if (k != ORIG or x < 0.96)
            else ("following" if x < 0.98 else "mentionedUsers")
        )
        hist = [tid]
        if r() < 0.004:
            hist = [str(tid_int - ((30_000 + int(r() * 600_000)) << 22)), tid]

        d: dict = {}
        if ca is not None:
            d["context_annotations"] = ca
        d["author_id"] = uids[a]
        d["text"] = text
        if ents:
            d["entities"] = ents
        if k == REPLY:
            d["in_reply_to_user_id"] = uids[self.author[t]]
        if att:
            d["attachments"] = att
        if k == QUOTE:
            d["referenced_tweets"] = [{"type": "quoted", "id": self.ids[t]}]
        elif k == REPLY:
            d["referenced_tweets"] = [{"type": "replied_to", "id": self.ids[t]}]
        d["reply_settings"] = reply_settings
        d["conversation_id"] = self.ids[self.root[i]]
        d["possibly_sensitive"] = sensitive
        d["source"] = self.usource[a]
        d["public_metrics"] = {
            "retweet_count": self.m_rt[i],
            "reply_count": self.m_rep[i],
            "like_count": self.m_like[i],
            "quote_count": self.m_q[i],
            "bookmark_count": self.m_book[i],
            "impression_count": self.m_impr[i],
        }
        d["lang"] = lang
        d["edit_history_tweet_ids"] = hist
        d["id"] = tid
        d["created_at"] = self.created[i]
        content = (text, ents, ca, att, lang, sensitive)
        return [_Frag(_dumps(d)), users, content, None, media_frag]

    def rt_template(self, t: int, e: list) -> tuple:
        """Text, entities, users and metrics shared by every retweet of tweet t."""
        text, ents, ca, att, lang, sensitive = e[2]
        ta = self.author[t]
        h = self.handles[ta]
        prefix = "RT @" + h + ": "
        full = prefix + text
        if len(full) > 140:
            full = full[:139] + "…"
            cut = 139
        else:
            cut = len(full)
        sh = len(prefix)
        users = [ta]
        rents: dict = {}
        anns = [
            dict(x, start=x["start"] + sh, end=x["end"] + sh)
            for x in ents.get("annotations", ())
            if x["end"] + sh < cut
        ]
        if anns:
            rents["annotations"] = anns
        tags = [
            dict(x, start=x["start"] + sh, end=x["end"] + sh)
            for x in ents.get("hashtags", ())
            if x["end"] + sh <= cut
        ]
        if tags:
            rents["hashtags"] = tags
        mens = [{"start": 3, "end": 4 + len(h), "username": h, "id": self.uids[ta]}]
        for x in ents.get("mentions", ()):
            if x["end"] + sh <= cut:
                mens.append(dict(x, start=x["start"] + sh, end=x["end"] + sh))
                users.append(int(self.uid_index[x["id"]]))
        rents["mentions"] = mens
        urls = [
            dict(x, start=x["start"] + sh, end=x["end"] + sh)
            for x in ents.get("urls", ())
            if x["end"] + sh <= cut
        ]
        if urls:
            rents["urls"] = urls
        pm = {
            "retweet_count": self.m_rt[t],
            "reply_count": 0,
            "like_count": 0,
            "quote_count": 0,
            "bookmark_count": 0,
            "impression_count": 0,
        }
        return (
            full,
            rents,
            users,
            pm,
            ca,
            att,
            lang,
            sensitive,
            [{"type": "retweeted", "id": self.ids[t]}],
        )

    def error(self, t: int) -> orjson.Fragment:
        f = self.err_frag.get(t)
        if f is None:
            tid = self.ids[t]
            f = self.err_frag[t] = _Frag(
                _dumps(
                    {
                        "value": tid,
                        "detail": "Could not find tweet with referenced_tweets.id: [" + tid + "].",
                        "title": "Not Found Error",
                        "resource_type": "tweet",
                        "parameter": "referenced_tweets.id",
                        "resource_id": tid,
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                )
            )
        return f

    # ---------------------------------------------------------------- pages
    def write(self, fh) -> int:
        self.uid_index = {u: j for j, u in enumerate(self.uids)}
        kind, author, target, ids = self.kind, self.author, self.target, self.ids
        created, usource, uids = self.created, self.usource, self.uids
        deleted, cache_ok, last = self.deleted, self.cache_ok, self.last
        order, per_page = self.order, self.per_page
        cache: dict[int, list] = {}
        entry = self.entry
        user = self.user
        n_bytes = 0
        opt = orjson.OPT_APPEND_NEWLINE
        for p in range(self.n_pages):
            page_ids = order[p * per_page : (p + 1) * per_page]
            data = []
            us: dict[int, None] = {}
            inc: dict[int, orjson.Fragment] = {}
            errs: dict[int, orjson.Fragment] = {}
            media: list = []
            for i in page_ids:
                a = author[i]
                us[a] = None
                if kind[i] == RT:
                    t = target[i]
                    e = cache.get(t)
                    if e is None:
                        e = entry(t)
                        if last[t] > p:
                            cache[t] = e
                    rt = e[3]
                    if rt is None:
                        rt = e[3] = self.rt_template(t, e)
                    text, rents, rusers, pm, ca, att, lang, sens, ref = rt
                    d = {}
                    if ca is not None:
                        d["context_annotations"] = ca
                    d["author_id"] = uids[a]
                    d["text"] = text
                    d["entities"] = rents
                    if att:
                        d["attachments"] = att
                        media.append(e[4])
                    tid = ids[i]
                    d["referenced_tweets"] = ref
                    d["reply_settings"] = "everyone"
                    d["conversation_id"] = tid
                    d["possibly_sensitive"] = sens
                    d["source"] = usource[a]
                    d["public_metrics"] = pm
                    d["lang"] = lang
                    d["edit_history_tweet_ids"] = [tid]
                    d["id"] = tid
                    d["created_at"] = created[i]
                    data.append(_Frag(_dumps(d)))
                    for u in rusers:
                        us[u] = None
                else:
                    e = cache.get(i)
                    if e is None:
                        e = entry(i)
                        if cache_ok[i] and last[i] > p:
                            cache[i] = e
                    data.append(e[0])
                    for u in e[1]:
                        us[u] = None
                    if e[4] is not None:
                        media.append(e[4])
                    t = target[i]
                    if t < 0:
                        continue
                    e = cache.get(t)
                    if e is None:
                        e = entry(t)
                        if last[t] > p:
                            cache[t] = e
                if deleted[t]:
                    errs[t] = self.error(t)
                elif t not in inc:
                    inc[t] = e[0]
                    for u in e[1]:
                        us[u] = None
            includes = {"users": [user(u) for u in us]}
            if inc:
                includes["tweets"] = list(inc.values())
            if media:
                includes["media"] = list(dict.fromkeys(media))
            page = {"data": data, "includes": includes}
            if errs:
                page["errors"] = list(errs.values())
            meta = {
                "newest_id": ids[page_ids[0]],
                "oldest_id": ids[page_ids[-1]],
                "result_count": len(page_ids),
            }
            if p + 1 < self.n_pages:
                meta["next_token"] = self.tokens[p]
            page["meta"] = meta
            url = _URL_BASE if p == 0 else _URL_BASE + "&next_token=" + self.tokens[p - 1]
            page["__twarc"] = {
                "url": url,
                "version": TWARC_VERSION,
                "retrieved_at": self.retrieved[p],
            }
            b = _dumps(page, option=opt)
            fh.write(b)
            n_bytes += len(b)
            for j in self.evict[p]:
                cache.pop(j, None)
        return n_bytes


def _fill_plain(rnd: random.Random, template: tuple) -> str:
    r = rnd.random
    out = []
    for part in template:
        if part.__class__ is tuple:
            out.append(part[1])
        elif part == "C":
            out.append(_CITIES[int(r() * len(_CITIES))])
        elif part == "N":
            out.append("01" if r() < 0.5 else "02")
        elif part == "K":
            out.append(_ORGS[int(r() * len(_ORGS))])
        elif part == "T":
            out.append(f"{1 + int(r() * 140):03d}")
        elif part == "P":
            out.append(str(38 + int(r() * 28)))
        else:
            out.append("#" + _HASHTAGS[int(r() * len(_HASHTAGS))])
    return "".join(out)


# ------------------------------------------------------------------ entry points
def generate(path, n_tweets: int, *, seed: int = 0, per_page: int = 100) -> dict:
    """Write ``n_tweets`` synthetic tweets as twarc2 pages to ``path``; return the counts."""
    if n_tweets < 1:
        raise ValueError("n_tweets must be >= 1")
    if per_page < 1:
        raise ValueError("per_page must be >= 1")
    t0 = time.perf_counter()
    sim = _Sim(int(n_tweets), int(seed))
    w = _Writer(sim, int(per_page), int(seed))
    path = Path(path)
    with open(path, "wb", buffering=16 << 20) as fh:
        n_bytes = w.write(fh)
    counts = dict(sim.stats)
    counts["pages"] = w.n_pages
    counts["bytes"] = n_bytes
    counts["bytes_per_tweet"] = round(n_bytes / counts["tweets"], 1)
    counts["seconds"] = round(time.perf_counter() - t0, 2)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output .jsonl path")
    ap.add_argument("--tweets", type=int, required=True, help="number of tweets in data")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-page", type=int, default=100)
    args = ap.parse_args(argv)
    counts = generate(args.out, args.tweets, seed=args.seed, per_page=args.per_page)
    width = max(map(len, counts))
    for key, value in counts.items():
        print(
            f"{key:<{width}}  {value:,}" if isinstance(value, int) else f"{key:<{width}}  {value}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
