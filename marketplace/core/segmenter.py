"""Cutting a need or a patent text into terms: Chinese words with jieba, English words folded.

jieba runs in its own `jieba.Tokenizer` (never the library's global one), with a user dictionary so
technical terms stay whole (稀土永磁 rather than 稀土 + 永磁); the words come from the glossary and,
at run time, from the catalogue's keywords and short titles (see matching/dictionary.py).

The text is NFKC-folded (full-width letters and digits become ASCII), English words are lower-cased
and their plural and a few common endings folded (magnets → magnet), stop words are dropped
(的, 我们, 公司, 想, 找, 技术 ..., the, and, for ...). Whatever the text — emoji, control characters,
20,000 characters — `terms()` returns a list and never raises: only the first MAX_CHARS characters
are read and at most MAX_TERMS terms returned.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable

import jieba

MAX_CHARS = 3000
MAX_TERMS = 200
# A dictionary word's frequency: high enough that a technical term is never split by jieba's
# most-probable-path choice, low enough not to swallow ordinary two-character words around it.
USER_WORD_FREQ = 3000
MAX_USER_WORD = 12

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_KEEP = re.compile(rf"[{_CJK}a-z0-9]")
# Everything that is neither CJK, Latin letter nor digit separates terms.
_SEPARATORS = re.compile(rf"[^{_CJK}a-z0-9.\-]+")

CHINESE_STOP_WORDS = frozenset("""
的 了 和 与 及 或 在 是 有 为 对 把 被 从 向 给 让 用 以 等 将 就 都 也 还 又 而 但 并 其 该 此 这 那 之
我 我们 我司 本公司 公司 企业 厂 工厂 单位 你们 贵 您 他们 它 它们 咱们
想 想要 找 寻找 寻求 求 希望 需要 需求 要 想找 能 能够 可以 可 会 应 应该 要求 打算 准备 计划 考虑 请问
有没有 没有 是否 是不是 什么 怎么 怎样 如何 哪些 哪里 一下 一些 一个 一种 一套 一项 一批 个 种 套 项 批
技术 方法 方案 工艺 解决 解决方案 问题 方面 相关 合作 引进 转让 许可 购买 专利 成果 项目 产品 提供 实现
目前 现在 现有 已经 正在 主要 进行 开展 通过 采用 利用 使用 基于 关于 对于 根据 以及 并且 或者 而且 如果
很 非常 比较 更 最 太 特别 好 多 少 大 小 新 高 低 能力 情况 方式 过程 一直 经常 比如 例如 包括 其他 其它
谢谢 感谢 急 急需 尽快 请 联系 咨询 了解 看看 看 帮 帮忙 帮助 一起 希望能 想请 求助 呢 吗 吧 啊 呀 哦
""".split())

ENGLISH_STOP_WORDS = frozenset("""
a an the and or of for to in on at by with from into about as is are was were be been being it its this
that these those we our us you your they their he she i me my need needs needed want wants wanted looking
look find seek seeking help please any some can could would should will shall may might do does did have
has had not no yes how what which who whom where when why there here than then so such very more most
also just like get got make use using used technology technologies tech method methods solution
solutions problem problems way ways company factory firm new good better best thanks thank hi hello
""".split())

STOP_WORDS = CHINESE_STOP_WORDS | ENGLISH_STOP_WORDS

_LOCK = threading.Lock()


def fold(text: object) -> str:
    """NFKC-folded, lower-cased text ("" for anything that is not a string)."""
    if not isinstance(text, str):
        return ""
    try:
        text = text[: MAX_CHARS * 2]
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        return text.lower()[:MAX_CHARS]
    except (ValueError, TypeError):
        return ""


# Full-width letters and digits folded to ASCII: NFKC's effect on what terms are made of, at a fraction
# of its cost (full-width punctuation, everywhere in Chinese text, never is part of a term).
_FULL_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                 *range(0xFF41, 0xFF5B))}
_HAS_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def fold_document(text: object) -> str:
    """A stored text folded for comparison with folded terms: full-width ASCII to ASCII, lower case.
    Cheaper than `fold` (no NFKC), for the many candidate texts the matcher reads."""
    if not isinstance(text, str):
        return ""
    if _HAS_FULL_WIDTH.search(text):
        text = text.translate(_FULL_WIDTH)
    return text.lower()


def stem(word: str) -> str:
    """A simple folding of English endings so singular and plural meet (magnets → magnet,
    batteries → battery, processing → process). Short words are left alone."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("ss") or word.endswith("us") or word.endswith("is"):
        return word
    if word.endswith("s"):
        return word[:-1]
    if word.endswith("ing") and len(word) > 6:
        return word[:-3]
    return word


def english_terms(text: str) -> list[str]:
    """The folded English words and numbers of a (folded) text, stop words dropped."""
    found: list[str] = []
    for word in _WORD.findall(text):
        word = stem(word.strip(".-"))
        if len(word) >= 2 and word not in ENGLISH_STOP_WORDS and not word.isdigit():
            found.append(word)
    return found


# Words this long also give their dictionary words inside (稀土永磁材料 → 稀土, 永磁, 材料); shorter ones
# stay whole (催化剂 does not give 化剂, nor 发动机 动机).
SPLIT_FROM = 4


def _dictionary_parts(word: str, frequencies: dict) -> list[str]:
    """The two- and three-character dictionary words inside a longer word, in order."""
    parts = []
    for size in (2, 3):
        for start in range(len(word) - size + 1):
            part = word[start : start + size]
            if frequencies.get(part):
                parts.append(part)
    return parts


class Segmenter:
    """A jieba tokenizer of its own with a user dictionary; `terms()` cuts text into search terms."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._ready = False
        self._pending: set[str] = set()
        # Moves whenever words are added, so callers may cache what they derived from `terms()`.
        self.version = 0
        self.add_words(words)

    def _initialise(self) -> None:
        with _LOCK:
            if not self._ready:
                self._tokenizer.initialize()
                self._ready = True
            pending, self._pending = self._pending, set()
            for word in sorted(pending):
                self._tokenizer.add_word(word, USER_WORD_FREQ)

    def add_words(self, words: Iterable[str]) -> int:
        """Add technical terms to the dictionary (kept whole from now on); returns how many were new.
        Words that are not a CJK run of 2..MAX_USER_WORD characters are ignored."""
        fresh = set()
        for word in words:
            word = fold(word).strip()
            if 2 <= len(word) <= MAX_USER_WORD and _CJK_RUN.fullmatch(word) and word not in STOP_WORDS:
                fresh.add(word)
        with _LOCK:
            known = self._tokenizer.FREQ if self._ready else {}
            fresh = {w for w in fresh if not known.get(w)}
            self._pending |= fresh
            if fresh:
                self.version += 1
        if self._ready and fresh:
            self._initialise()
        return len(fresh)

    def words(self, text: object) -> list[str]:
        """The jieba words of the CJK runs of a text, in order, each word of SPLIT_FROM characters or
        more preceded by its dictionary parts (稀土永磁材料 → 稀土, 永磁, 材料, 稀土永磁材料); stop words
        and single characters dropped."""
        if not self._ready or self._pending:
            self._initialise()
        found: list[str] = []
        frequencies = self._tokenizer.FREQ
        for run in _CJK_RUN.findall(fold(text)):
            try:
                pieces = list(self._tokenizer.cut(run, HMM=True))
            except Exception:  # noqa: BLE001 - a library failure must not fail the caller
                pieces = [run]
            for piece in pieces:
                if len(piece) < 2 or piece in CHINESE_STOP_WORDS:
                    continue
                if len(piece) >= SPLIT_FROM:
                    found.extend(part for part in _dictionary_parts(piece, frequencies)
                                 if part not in CHINESE_STOP_WORDS)
                found.append(piece)
        return found

    def terms(self, text: object, max_terms: int = MAX_TERMS) -> list[str]:
        """Chinese words and English words of a text, in order, duplicates kept (their count is the
        term's frequency), at most `max_terms`. Never raises."""
        try:
            folded = fold(text)
            found = self.words(folded) + english_terms(_CJK_RUN.sub(" ", folded))
        except Exception:  # noqa: BLE001 - no text may break the matcher
            return []
        return found[:max_terms]

    def contains_word(self, word: str) -> bool:
        """Whether the dictionary knows this word (after the pending words are added)."""
        if not self._ready or self._pending:
            self._initialise()
        return bool(self._tokenizer.FREQ.get(word))


def is_meaningful(text: object) -> bool:
    """Whether a text holds any letter, digit or CJK character at all."""
    return bool(_KEEP.search(fold(text)))
