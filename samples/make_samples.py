"""Build kaohe's sample corpus: four self-evaluation reports and their ground truth.

The reports imitate the 經濟部標準檢驗局 branch offices' "提升服務效能執行績效與成果"
self-evaluations that kaohe reads. ``110_keelung`` reproduces the real seed report
(../shared/seeds/000_43bf3ab0ee5dfed3.txt); the others reuse its rubric and narrative with
their own scores, figures and place names:

- ``110_keelung``     faithful copy of the seed (its one narrative sum that is off by 2,
                      847,600 件 vs parts adding up to 847,602, is kept as printed).
- ``110_hsinchu``     consistent; a few indicator rows dropped.
- ``110_taichung``    deliberate errors: a wrong 小計, a wrong summary figure, a wrong 總分
                      and a wrong 等第.
- ``111_kaohsiung``   consistent, another year and another layout: item name, maximum and
                      score on one line, full-width digits in two score cells, ``小計：N分``.

Each report is written as DOCX with python-docx into ``samples/reports/`` and converted to
PDF with LibreOffice (when ``soffice`` is missing only the DOCX files are written). Every
document gets a ground-truth JSON ``samples/truth/<file name>.json`` derived from the same
``ReportSpec`` that builds the document, so a printed figure and its truth cannot drift
apart. DOCX bytes are reproducible (fixed core properties and zip timestamps); PDF bytes
depend on LibreOffice.

Run from the repository root: ``.venv/bin/python samples/make_samples.py [--skip-pdf]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
REPORTS_DIR = HERE / "reports"
TRUTH_DIR = HERE / "truth"

ORGANIZATION = "經濟部標準檢驗局"
FIXED_TIME = dt.datetime(2022, 1, 1, 0, 0, 0)
FIXED_AUTHOR = "kaohe samples"
FONT = "Noto Serif CJK TC"
BODY_PT = 11
TABLE_PT = 10.5
RUBRIC_WIDTHS_CM = (2.3, 2.4, 3.4, 2.5, 6.4)
SUMMARY_WIDTHS_CM = (1.4, 0.9, 1.4, 1.9, 1.9, 1.9, 1.9, 1.9, 1.1, 0.9, 1.6)
GRADE_BANDS = ((900, "優"), (800, "甲"), (700, "乙"), (600, "丙"))
LOWEST_GRADE = "丁"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


# --------------------------------------------------------------------------- rubric model


@dataclass(frozen=True)
class Row:
    """One table row: 次評核指標, 主辦單位 and the narrative (a str.format template)."""

    sub: str
    units: tuple[str, ...]
    result: str


@dataclass(frozen=True)
class Indicator:
    """A 評核指標 cell, merged vertically over its rows ('' when the report leaves it empty)."""

    text: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Item:
    no: str
    name: str
    max_points: int
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Dimension:
    no: str
    heading: str
    name: str
    max_points: int
    result_header: str
    items: tuple[Item, ...]


def r(sub: str, units: str, result: str) -> Row:
    """Row shorthand: units separated by spaces, narrative paragraphs by newlines."""
    return Row(sub, tuple(units.split()), result)


def ind(text: str, *rows: Row) -> Indicator:
    return Indicator(text, rows)


TECH = "電資產品課 機械產品課 化工產品課 計量課 報驗發證課 各辦事處"
TECH_MARKET = "電資產品課 機械產品課 化工產品課 計量課 報驗發證課 市場監督課 各辦事處"
COUNTER = "報驗發證課 各辦事處"
RESULT = "執行績效與成果"

# The rubric and narrative of the seed report. Placeholders ({Y}, {unit}, figures, place
# names) are filled from ReportSpec.facts; see derive_facts() for the computed ones.
RUBRIC: tuple[Dimension, ...] = (
    Dimension("1", "評核構面一(基礎服務)(200分)", "基礎服務", 200, RESULT, (
        Item("1.1", "服務一致及正確性", 100, (
            ind("1.訂定申辦業務標準作業流程", r(
                "訂定申辦業務標準作業流程，維持服務措施處理一致性，且持續檢討申辦項目表單，進行簡化及標準化等。",
                TECH_MARKET,
                "完成訂定商品報驗發證、免驗案件、度量衡器等申辦業務標準作業流程，且於報驗發證課、{office_a}等報驗服務大廳及本分局網站公布作業流程，並能配合總局法規之修改及參考申辦業者之建議，持續檢討申辦項目表單，進行簡化及標準化等。")),
            ind("2.提升服務及時性", r(
                "提升民眾申辦案件的處理效率，確保於處理時限內完成。",
                TECH,
                "已完成商品報驗流程簡化，全程線上申辦免臨櫃，從收件、繳費、取樣、檢驗(定)、審查及發證，藉由e化、環節簡化，縮短案件辦理時間，並確保各項檢驗(定)案件之正確性，持續檢討行政作業規定，以符合服務對象之需求。")),
            ind("3.提高服務人員專業度", r(
                "強化機關(單位)服務人員(含委外call center人員)對涉及服務業務處理流程及相關法規之專業與熟悉程度。",
                "各單位",
                "服務櫃檯已完成設置服務中心，由專人主動引導、業務諮詢及办理流程解說；另針對度量衡器(如磅秤及加油槍等)更提供到府(臨場)檢定服務。")),
        )),
        Item("1.2", "服務友善性", 100, (
            ind("1.提升服務設施合宜度",
                r("(1)進行環境美(綠)化及輔以舒適、明亮、整潔，建置民眾臨櫃洽公的合宜服務環境。",
                  "各單位",
                  "1.依規定定期陳報「清淨家園全民運動計畫」處理情形；本分局於2月舉辦內部「5S稽核評比」活動，隨時維護辦公環境整潔，提升為民服務品質。\n"
                  "2.建置「資料閱覽室」、「洽公民眾等候室」(為民服務室)之客製化設施，提供洽公業者友善服務場所。"),
                r("(2) 確保服務項目、服務人員(姓名及代理人)、方向引導等標示正確、易於辨識，且提供雙語(或多語)標示服務。",
                  COUNTER,
                  "1. 櫃檯服務項目及服務人員姓名雙語標示明確，提供明確指標，讓民眾能夠一目瞭然，迅速瞭解申辦作業資訊。\n"
                  "2. 辦公廳舍主要出入口掛置樓層配置圖及緊急避難方向圖，清楚標示各課室位置及盥洗室、哺乳室、逃生方向等各項設施指示。"),
                r("(3) 妥適規劃申辦動線，以符合民眾使用習慣。",
                  COUNTER,
                  "以民眾需求為考量規劃申辦動線，方便民眾洽辦業務；{weather}。"),
                r("(4) 檢視各項無障礙措施是否妥適安全並定期檢測維護。",
                  COUNTER,
                  "1. 核心無障礙措施齊備：\n"
                  "(1) 正門及側門明顯處設置「愛心鈴」。\n"
                  "(2) 服務場所新設置服務中心櫃檯、座椅、盥洗室及哺乳室，並隨時檢查使用狀況，定期檢視維護。\n"
                  "(3) 身障專用之停車位、盥洗室及斜坡道等各項無障礙設施。\n"
                  "(4) 電腦系統子母畫面同時呈現電子申請書表及填寫範例計{form_examples}種，申請人登打後立即傳輸本分局申辦。\n"
                  "2. 所有措施均能不定期檢視維護。"),
                r("(5) 定期檢查各類硬體設施(如飲水機、公用電話、座椅、盥洗室等)，確保設施品質。",
                  COUNTER,
                  "服務場所具備座椅、盥洗室、哺乳室、書寫臺、免費上網查詢設備、飲水機、公用電話等設施，前述設施均不定期檢視維護。"),
                r("(6) 提供各種申辦書表及填寫範例。",
                  "驗發證課 各辦事處",  # sic: the seed drops the 報
                  "1. 提供各種申請書表及其申辦書表填寫範例，以色彩分類標示，放置於櫃檯民眾書寫區，供其填寫時之參考。\n"
                  "2. 除了服務現場提供各項申請書及受理業務填寫範例，同時有電子及書面格式供選用，申請書並能立即傳送櫃檯受理申辦。\n"
                  "3. 網站建置「{unit}書表下載」區，提供本分局標準處理流程說明、申請表單、範例及法規等，共計{download_forms}種前述資料供業者參用。")),
            ind("2. 提高網站使用便利性",
                r("(1) 機關(單位)網站應以使用者為導向設計，版面配置應方便瀏覽、查詢資料及使用網站服務。",
                  "資訊小組 各單位",
                  "本分局所有上網公告之網頁及上傳之附件(包含pdf、odf開放式文件格式)檔案，於上稿時系統會檢查是否依規定填寫所有分類資訊(包含主題、施政與服務)與詮釋資料，另建立分類檢索功能，以利民眾快速查詢。"),
                r("(2) 提供多元及便利的資訊檢索服務，以及關鍵字、全文、交叉、站內、分類檢索及其他方式等搜尋服務。",
                  "資訊小組",
                  "網頁提供民眾多元的檢索方式包含全站查詢、分類檢索、網頁導覽及進階檢索等搜尋服務。"),
                r("(3) 確保網站內容的正確性及有效連結。",
                  "各單位",
                  "1. 訂定「網頁管理作業程序」，規範上傳資料、審核管理、權責分工及作業說明等網站維護管理要項。\n"
                  "2. 各單位上傳文稿至分局全球資訊網頁前，均需該單位主管自行審稿確認，始予公告發布；並以1個月為週期，定期檢視本分局網站資料，檢核結果填列於「網站目錄檢視彙整表」中，以確保資訊之正確性及有效連結。"),
                r("(4) 機關(單位)資訊標示配合電子化政府入口網MyEGov提供分類檢索服務。",
                  "資訊小組",
                  "配合電子化政府分類檢索服務，由各單位依主題、施政、服務分類與相關屬性，放置資料，提供民眾檢索。"),
                r("(5)機關(單位)網站至少提供主題、施政與服務等3種分類檢索方式。",
                  "資訊小組",
                  "本分局網站資料上稿時均有填妥相關分類與詮釋資料，並於網站首頁提供分類檢索查詢服務，便利民眾依分類目錄與詮釋資料屬性，快速查詢本分局網站資料。"),
                r("(6)定期更新機關(單位)網頁資訊。",
                  "各單位",
                  "能依照「網頁資料維護及更新權責劃分表」之規定，每2個月將未更新之網頁資料(以修改日期為基準)，提報給各資料提供單位，請其隨時更新網頁內容，並檢視修正資料之有效性，以確保分局機關網頁資訊內容及連結之正確性。"),
                r("(7)網頁引用他人資料將標明出處並提供連結。",
                  "各單位",
                  "本分局能依照「網頁管理作業程序」明定網頁如有引用他人資料，各單位資料上稿與審稿人員應依規定標註連結網頁資料來源與出處。"),
                r("(8)機關(單位)網站(頁)通過無障礙檢測，並取得認證標章。",
                  "資訊小組 各單位",
                  "本分局網站於{a11y_date}通過機器與人工檢測，全數取得無障礙2.0版AA等級標章，未來持續配合檢測維護。")),
            ind("3.提高服務行為友善性",
                r("(1)重視服務人員的禮貌態度，如現場主動協助引導民眾、協助民眾檢查攜帶證件是否齊備或告知標準程序等。",
                  COUNTER,
                  "1.完成設置服務中心，由服務人員主動招呼引導民眾，正確告知申辦作業程序。\n"
                  "2.完成將需攜帶證件清單與標準作業流程公布於報驗服務場所及網站上，供民眾查詢及下載，現場服務人員亦能協助民眾辦理申辦事項。"),
                r("(2)注重電話禮貌，不定期進行禮貌測試，每4個月至少測試1次。",
                  "各單位",
                  "{Y}年度共執行電話禮貌測試{phone_tests}人次；測試分數優良，平均{phone_avg}分以上，績優單位及優秀人員名單公布於本分局「知識管理入口網/消息公告」項下予以表揚。")),
            ind("4.提升服務資訊透明度",
                r("(1)資訊公開：以簡明易懂易讀易用之形式，主動公開服務相關資訊供民眾查閱或運用，如服務項目、業務承辦資訊、相關法規、申辦業務標準作業流程、應備表件、書表範例等。",
                  "各單位",
                  "於本分局全球資訊網設置「資訊公開」專區，共完成規劃{info_catalog}項資訊目錄，並依「政府資訊公開法」規定主動公開資訊。"),
                r("(2)資料開放：盤點業務資料，並於結構化及去個資識別化後，採開放格式或應用程式介面方式對外開放，供使用者依需求連結下載及利用，定期檢視及更新資料。",
                  "各單位",
                  "本分局不僅已完成網站提供「分局簡介」、「組織與職掌」、「課室簡介與服務項目」及「交通位置圖及服務時間」等各項基本訊息外，更針對業務特性，建置「進口商品應否報驗查詢網」、「免臨櫃服務及業務查詢」、「度量衡檢定預約服務」及「油品進口檢驗預約服務」等8大項服務。"),
                r("(3)提供多元案件查詢管道：如現場、電話、網路、行動裝置等，方便民眾查詢案件處理進度。",
                  "各單位",
                  "已完成並提供多元案件查詢管道：\n"
                  "1.案件進度及結果查詢管道種類包括：服務現場、網路查詢(機關網站、行動條碼QR code)、電話諮詢、傳真、電郵、書面。\n"
                  "2.設置「電子布告欄」提供貨櫃場名稱、檢驗員、報驗行、申請書案號等取樣檢驗派遣資訊，同時於網頁建置專區供查詢；另公告最新檢驗資訊、法令規章、政令推廣等。")),
        )),
    )),
    Dimension("2", "評核構面二(服務遞送)(300分)", "服務遞送", 300, "具體作法與成果", (
        Item("2.1", "服務便捷性", 100, (
            ind("1. 檢討既有服務措施", r(
                "瞭解民眾需求，檢討既有服務措施，並運用多元策略，提升服務便捷度。",
                "各單位",
                "案件處理查詢管道完成並提供現場、電話、傳真、公文及網路等多元查詢管道，方便民眾申辦作業。")),
            ind("2. 建置單一窗口整合服務",
                r("(1) 設置全功能單一窗口櫃台(含臨櫃、電話或網站單一窗口服務)，提供整合服務。",
                  "報驗發證課 各辦事處 計量課",
                  "1. 設置全功能單一窗口櫃檯，受理商品逐批檢驗、商品監視查驗、商品驗證登錄、商品符合性聲明、特約檢驗、受託物品試驗、商品免驗等申請案件，以及提供國家標準資料與諮詢等8大項服務。\n"
                  "2. 從收件、收費、取樣檢驗及審查、發證等所有作業皆可透過網路進行申辦。{Y}年度進口商品總報驗量{import_total:,}批，網路申辦計{import_online:,}批，線上申辦使用率達99%以上。"),
                r("(2) 簡化申辦流程，縮短案件處理時間。",
                  TECH + " 秘書室",
                  "1. 書面審查電子化：開發「線上書面審查作業」受理未抽中及先行放行案件審查。民眾不須臨櫃申辦，可直接在遠端以電子檔傳輸申辦，承辦人員並可即時受理審查，每批案件約可節省民眾辦理時間計{review_minutes}分鐘；{Y}年度共計辦理{paper_review:,}件。\n"
                  "2.技術文件審查電子化暨預先審查：驗證登錄及型式認可案件採線上受理審查，簡化作業流程，並相對減少補件次數，每批案件約可節省業者辦理時間計{cert_hours}小時；{Y}年度共計執行{cert_online:,}件。\n"
                  "3.檢驗人員及車輛派遣作業電子化：利用本分局自行開發之「檢驗人員及車輛電腦派遣」系統取代傳統人工派遣作業，每次可縮短派遣時間約{dispatch_minutes}分鐘；{Y}年度共計執行派遣{dispatch_days}天次({work_days}天×2次)，總計服務檢驗人員{inspector_trips:,}人次及{vehicle_trips:,}車次。同時提供QR code行動條碼掃描功能，俾利民眾隨時可連結網路查詢申請報驗之取樣查核時間、地點等資訊。\n"
                  "4.改善「具結先行放行」申請作業程序：提供業者透過網路傳送具結先行放行案件申請書服務，並減少內部審核單位之紙本傳遞時間，每批案件約可節省民眾辦理及內部作業時間計30分鐘；{Y}年度計受理{prerelease:,}批。"),
                r("(3)提供走動式服務或客製化服務方式。",
                  TECH,
                  "1.設有服務中心櫃檯，排值專人主動招呼引導，正確告知並協助民眾申辦。\n"
                  "2.啟動行動服務團，主動聯繫轄區廠商、業者及公會，親臨到府瞭解關心其需求，並提供專業服務。{Y}年度因應新冠疫情影響，原訂執行拜訪計畫均先行暫緩。\n"
                  "3.針對度量衡器(如加油機、地秤、槽秤、電子秤、血壓計等)提供到府(臨場)檢定服務，{Y}年度計檢定{onsite_meters:,}具。")),
            ind("3.減除申辦案件需檢附之書表謄本", r(
                "運用跨機關(單位)電子查驗，取代要求民眾檢附各類紙本書表、證件、謄本之佐證資料。",
                TECH,
                "1.運用總局所建立之「商品報驗發證暨風險管理系統」執行報驗案件受理、廠商授權書登錄及合格證書網路電子化等內部跨單位資料查核；另使用自行開發之「線上書面審查系統」執行線上書面審查，不僅讓申辦人免附紙本資料以達減碳省紙之效益外，更免除民眾於洽公申辦之往來奔波；{Y}年度網路申辦計{paper_review:,}批。\n"
                "2.運用「便捷貿e網」及「關港貿單一窗口」等外部跨機關查核平台之網路單證比對系統，進行進口報單與商品報驗之網路線上審查比對，以加速商品通關及提升政府效能；{Y}年度共計完成{single_window:,}批(包含免驗案件)。\n"
                "3.線上服務電子表單由上級機關統一制定使用，在使用時如發現有不合理或不適用之情形，本分局能即依程序提出簡化或修正建議；{Y}年度共計提出{form_suggestions}案。\n"
                "4.計程車計費表檢定申辦，本分局能逕由電腦查詢印出申請書，申辦人免填寫，{Y}年度計檢定{taxi_meters:,}車次。")),
            ind("4.開辦線上申辦或跨平臺服務",
                r("(1)提供各類線上服務，如表單下載、服務申辦、網路繳費、取件通知、及預約等服務。",
                  "各單位",
                  "本分局網頁已建置「單一窗口」專區，整合分布於各目錄下之申請書表下載、範例及填表說明等各類表單資訊，方便民眾下載使用。另外，於民眾申辦業務後，主動提供e-mail或簡訊通知業者受理申辦進度及結果之服務。"),
                r("(2)開發跨平臺通用服務，透過各式行動載具閱覽及使用。",
                  "各單位 資訊小組",
                  "1.能即時發表最新商品安全資訊及機關活動訊息於「安全小站」FB臉書專頁，讓民眾瞭解政府資訊及參與溝通。\n"
                  "2.能運用網路免費資源You tube：由同仁自製與民眾生活息息相關之商品安全推廣影片，於You tube建立分局影音專區，提供民眾安全選購及使用商品之參考。"),
                r("(3)向民眾推廣使用網路申辦案件。",
                  "各單位",
                  "透過業務說明、發布新聞稿或業務訊息通知等方式，向民眾推廣建置完成的線上服務項目。"),
                r("(4)定期檢視電子表單之必要性與合宜性，並執行表單簡化工作，統一電子表單格式。",
                  "各單位",
                  "目前現有之電子表單已依國家發展委員會所訂表單管理原則完成表單標準化，未來如有新增電子表單將配合辦理。"),
                r("(5)提供線上服務將注意使用者隱私權保護措施。",
                  "各單位 資訊小組",
                  "提供之線上服務均遵守「個人資料保護法」之規範，訂定隱私權保護政策，並依規定於全球資訊網首頁資訊公開項下新增個資檔案資訊目錄，公布所有業務蒐集之個人資料項目。")),
        )),
        Item("2.2", "服務可近性", 100, (
            ind("1.客製化服務", r(
                "因應所轄地區或業務之特性，整合服務客群之需求，提供在地化、客製化之服務。",
                TECH,
                "1.於服務櫃檯設置服務人員主動引導；另針對度量衡器(如磅秤及加油槍)提供到府(臨場)檢定服務。\n"
                "2.設有「行動服務團」親臨到府面對面訪談溝通，提供法規、技術輔導及業務推廣說明等；{Y}年度因應新冠疫情影響，原訂拜訪計畫均先行暫緩執行。")),
            ind("2.專人全程服務", r(
                "主動檢討服務流程，突破機關或單位間的隔閡，以跨機關(單位)垂直或水平整合或由機關(單位)內部進行協調整合等方式，提供專人全程服務。",
                TECH_MARKET,
                "與各分局檢驗單位洽商簡化共識並互設聯絡窗口。主動檢討服務流程，突破機關或單位間的隔閡，廣續推動簡化分辨檢驗案件通知流程，檢驗案件如有須分辨至其他分局之情形時，分辨後立即以電子郵件傳送資料給協辦檢驗單位窗口辦理後續檢驗作業。")),
            ind("3.主動服務", r(
                "針對特殊或弱勢族群、偏遠或交通不便地區民眾，提供到府、到點服務。",
                COUNTER,
                "主動通知業者辦理各項屆期之申辦案件應辦理事項(例如：商品報驗之銀行擔保額度，及各類管理系統驗證)；另於受理案件後以線上系統、e-mail、書面或電話等方式，回復收件確認訊息，於辦理完竣時或超過標準作業時間時，亦通知申請人。")),
        )),
        Item("2.3", "服務成長及優化", 100, (
            ind("1.突破成長", r(
                "運用創新策略，持續精進服務遞送過程及作法：考量機關(單位)任務、服務對象屬性、資源可運用程度後，積極排除各項不利因素克服劣勢達成服務目標。",
                "電資產品課 機械產品課 化工產品課 報驗發證課 {office_a} {office_b}",
                "以自行開發之「線上書面審查系統」受理進口檢驗案件審查，並擴展含括具結先行放行申請案件，利用電子化線上書面審查作業，使民眾不須臨櫃，免出門即可申辦，直接在遠端以電子檔傳輸文件，由本分局承辦人員即時受理審查，縮短申辦時間，落實節能減碳，提供民眾更便捷的服務。")),
            ind("2.優質服務", r(
                "運用自身優勢，採取多元策略，提出符合機關(單位)任務且較現有服務措施具有挑戰性，或符合機關(單位)特色且更具吸引力、豐富性之其他服務措施。",
                "各單位",
                "運用自身優勢，採取多元策略，提出符合機關特色且更具吸引力、豐富性之其他服務措施，並建立下列優質服務：\n"
                "1.透過「便捷貿e網」及「關港貿單一窗口」受理案件，提供業者能24小時不打烊之網路申辦報驗平臺。\n"
                "2.提供業者(或報驗代理人)預撥申請案號，及與臺灣銀行合作，採取「擔保額度扣款繳費機制」，改善一般臨櫃報驗之繁瑣程序及現金繳費之不便，加速提升報驗之服務效率。")),
        )),
    )),
    Dimension("3", "構面三(服務量能)(200分)", "服務量能", 200, RESULT, (
        Item("3.1", "內部作業簡化", 100, (
            ind("提升同仁行政效率", r(
                "聚焦核心業務，運用多元管道蒐集機關(單位)成員意見，據以檢討及改造內部流程，精實作業，減省不必要的審核及行政程序，包括人力、物力或時間，精進服務。",
                "各單位",
                "本分局已完成下列內部創新機制：\n"
                "每月召開業務會報及早報，{Y}年度計召開{meetings}次會議；進行各單位主管業務報告及溝通交流，並適時提出行政改善方案，以提升為民服務品質。")),
        )),
        Item("3.2", "服務機制精進", 100, (
            ind("深化服務量能", r(
                "建立內部常態性服務精進運作機制，首長領導參與及成員投入服務創新精進。",
                "各業務單位",
                "1.設置「行動服務團」針對業者需要或發現須輔導對象時，親臨到府面對面訪談溝通，說明相關檢驗作業規定與流程，協助業者解決問題及意見徵詢，並將業界建議納入機關業務改善檢討之參考。\n"
                "2.{Y}年度因應新冠疫情影響，原訂拜訪計畫均先行暫緩執行。")),
        )),
    )),
    Dimension("4", "評核構面四(服務評價)(200分)", "服務評價", 200, RESULT, (
        Item("4.1", "提高服務滿意度", 100, (
            ind("1. 辦理服務滿意度調查",
                r("(1) 根據服務對象或特性差異，運用多元管道定期進行滿意度調查，調查項目應包含洽公環境、服務禮儀、服務專業性、服務措施等。",
                  "報驗發證課 各單位",
                  "將依據總局辦理「{Y}年度標準檢驗局顧客滿意度調查」之民意調查，檢視所提供之服務是否能滿足外部顧客之需求。"),
                r("(2) 進行內部同仁滿意度調查。",
                  "人事室 秘書室(研考)",
                  "於9月完成辦理內部顧客滿意度調查，結論摘錄如下：\n"
                  "1. 整體滿意度得分為{sat_score}分，正表示「很滿意」；其中「團隊合作」與「溝通」等構面滿意度均獲得超越5.00分之高評價與支持，足以顯現本分局為推行為民服務所進行之各項努力，已能獲得普遍之認同與支持；本分局已逐步完成橫向單位間整合、能聆聽各階層同仁之反映意見並積極予以回應、持續凝聚同仁之向心力，共同為提升本分局為民服務品質而努力。\n"
                  "2. 本次所有調查構面之問項得分結果皆能介於「很滿意」及「滿意」之間，而且全部靠近「很滿意」，其中在「任職部門內有著同理心和相互支持的氣氛」、「本分局管理者會主動詢問員工工作情形並給予支援」、「管理者能授予員工所需要的自由空間(如權力、工作方式)以完成工作」、「本分局主管會和員工討論工作內容和心情，並能給予正面回應和開導」、「本分局主管會聆聽員工意見，並給予回應」與「對於本分局考績的評核方式，能感受其公平性」等6問項之個別平均得分甚至超越5.00分，滿意度結果是超越「很滿意」，顯現本分局不僅各單位能在愉悅的氛圍下分工合作，完成各項任務，主管亦尊重同仁執行工作之自由度、及重視與同仁間之溝通，並且在考績評等部分更能掌握獎優賞功之方向予以呈現，如此不僅獲得認同與支持，同仁亦踴躍報以喝采與掌聲做為正面之回饋。\n"
                  "3.本年度整體滿意度之成績，係自102年起實施本問卷調查後之得分新高，顯見本分局自103年起獲得行政院為民服務品質獎之後，在歷任分局長非常重視內部顧客意見的觀念帶領下，持續凝聚同仁之向心力，並且於推行各項為民服務工作之執行過程中，亦能體恤基層同仁之辛勞並適時予以慰勉及獎勵，故而同仁亦藉由本次問卷之填答，報以正向、滿意做為回饋；本次整體滿意度總平均得分{sat_score}分為「很滿意」，將鼓勵同仁持續精進。"),
                r("(3)提出調查設計、抽樣設計、調查結果、趨勢分析及檢討改善情形等。",
                  "報驗發證課 人事室 秘書室(研考)",
                  "就調查結果檢視所提供之服務是否能滿足外部及內部顧客之需求，並適時改善服務措施，以符合滿意度趨勢分析。")),
            ind("2.運用其他機制瞭解民眾對服務的評價", r(
                "善用各類意見調查工具與機制，瞭解民眾對服務的評價及意見，並據以改善既有措施。",
                "各單位",
                "能積極辦理說明會、座談會及行動服務團，與業者直接面對面溝通及瞭解民眾對本分局所提供服務的評價及意見；{Y}年度因應新冠疫情影響，原訂「行動服務團計畫」均先行暫緩辦理。")),
        )),
        Item("4.2", "積極回應民眾意見", 100, (
            ind("有效及時處理民眾之意見、抱怨及陳情",
                r("(1)建置民眾意見反映(含新聞輿情)處理機制及標準作業程序。",
                  "秘書室 各單位",
                  "1.訂有「民眾抱怨暨意見反映處理作業程序」、「顧客回饋作業程序」及「意見信箱電子信件處理作業程序」，處理民眾反映意見；另新聞輿情處理依行政院各部會重大輿情回應標準作業程序規定及總局「新聞發布作業程序」辦理及陳報。\n"
                  "2.為妥善處理民眾意見，訂有民眾意見處理機制，是類案件均於3日內回復，並定期於業務會報針對特殊個案追蹤檢討。"),
                r("(2)提供民眾意見反映後續追蹤處理。",
                  "秘書室 各單位",
                  "1.針對民眾意見反映，各單位均予回復，並於檢討後認為可行者加以採行；每月並定期統計人民陳情案件。\n"
                  "2.另就商品義務監視員反映及民眾檢舉、申訴案件，派員調查並依法追蹤處理，防制未符合檢驗規定之商品於市面上販售。\n"
                  "3.接獲意見信箱信件，均依規定於期限內線上回復，{Y}年度計{mailbox:,}件；反映案件多為法令查詢及檢舉網路賣家違規，經追蹤後回收滿意度調查表，無回復不滿意者。\n"
                  "4.{Y}年度辦理民眾檢舉案件{complaints:,}件及義務監視員反映{monitor_reports}件，藉由公民力量共同糾出不安全商品。"),
                r("(3)定期演練及檢討對民眾意見反映之處理機制及標準作業程序。",
                  "各單位",
                  "1.訂定「民眾抱怨暨意見反映處理」、「意見信箱電子信件處理」及「顧客回饋」作業程序，處理民眾透過各種管道反映之建議及抱怨案件。\n"
                  "2.錄案列管民眾反映意見，定期於每月業務會報針對個案追蹤檢討，並適時修正改善相關處理方法機制。\n"
                  "3.本分局於8月26日模擬計程車輪行檢定場停電時之緊急應變檢定方案，因應新冠疫情影響先行暫緩辦理演練。")),
        )),
    )),
    Dimension("5", "構面五(開放創新)(100分)", "開放創新", 100, RESULT, (
        Item("5.1", "開放參與", 50, (
            ind("", r(
                "適時運用多元管道導入民眾觀點，透過溝通與對話的方式，共創機關(單位)與民眾合作契機。如：透過實體或網路管道，運用多元方法如問卷、訪談、討論、體驗，蒐集民眾對服務需求；或邀集民眾共同參與服務設計等。",
                "各單位",
                "1.{Y}年度因應新冠疫情影響，召募{university}學生擔任志工將先暫緩實施，未來本分局將持續辦理招募，一同參與本分局商品安全標章校園推廣活動。\n"
                "2.召募義務監視員計{monitors}人，發揮全民監督力量，查察市售違規商品，{Y}年度共處理反映案件計{monitor_reports}件。\n"
                "3.首長信箱蒐集來自民眾之反映意見，並予以最迅速完整的回應。{Y}年度完成首長信箱反映案件共計{mailbox:,}件。")),
        )),
        Item("5.2", "創新服務", 50, (
            ind("", r(
                "提出有別於現行的想法或方式，並對服務對象具有實質效益。如：在服務遞送構面，可參酌運用資通訊科技、跨單位及跨機關服務流程整合、政府資訊資源共用共享、公私協力或引進民間資源等作法，以提高服務便捷度、可近性，或優化服務。",
                "各單位",
                "1.持續加強市場商品安全管理機制\n"
                "(1)配合年度每季市場監督業務檢討會，定期檢討現消費品市場上易肇致高風險危安之商品，於實體店面市場及網路平台上加強檢查，以達保護消費者之效果，{Y}年度計{market_checks:,}件。\n"
                "(2)每年商品義務監視員從協助市場商品安全監視及校園推廣活動工作，持續與{university}合作，配合總局精減義務監視員，{Y}年度已達{monitors}員，協助市場商品安全監視計{monitor_reports}件及業務推廣工作計{promo_events}場次。\n"
                "2.簡化分辦檢驗案件通知流程\n"
                "(1)分局間協辦具結先行放行及查核案件，簡化分辦流程，直接以電子郵件傳送資料給該分局協辦檢驗單位窗口，以辦理後續檢驗作業，加快檢驗時效，{Y}年度計辦理{assist_batches:,}批。\n"
                "(2)驗證登錄業者直接線上申辦後，透過網路銀行繳費，不須帶現金至櫃檯繳費，加速商品後續檢驗，{Y}年度計受理{cert_online:,}件。\n"
                "3.簡化申辦流程，提升民眾申辦作業之方便性，申辦應檢附文件以電子檔傳輸，{Y}年度共計辦理線上書面審查{paper_review:,}件。\n"
                "4.運用「便捷貿e網」及「關港貿單一窗口」等外部跨機關查核平台之網路單證比對系統，進行進口報單與商品報驗之網路線上審查比對，以加速商品通關及提升政府效能；{Y}年度共計完成{single_window:,}批(包含免驗案件)。\n"
                "5.利用本分局自行開發之「檢驗人員及車輛電腦派遣」系統取代傳統人工派遣作業，並將派遣結果公佈於本分局網站供民眾及時查閱；{Y}年度共計執行派遣{dispatch_days}天次({work_days}天×2次)，總計服務檢驗人員{inspector_trips:,}人次及{vehicle_trips:,}車次。\n"
                "6.與臺灣銀行跨機關合作，提供「擔保額度銀行轉帳」服務，申辦代理業者繳費時可免臨櫃、免手續費，以此模式申辦報驗的業者比率達99%以上。\n"
                "7.進口檢驗發現不合格商品總計{reject_batches}批({reject_pieces:,}件)，其中{reject_batches_returned}批({reject_pieces_returned:,}件)退運或銷毀，{reject_batches_fixed}批({reject_pieces_fixed:,}件)經同意改善後重新報驗檢驗合格；其餘{reject_batches_held}批({reject_pieces_held:,}件)則留置海關或尚待後續處理，本分局將持續加強不符合案件後續追查，防堵不合格商品流入市面。\n"
                "8.推動「優良計量管理制度」：\n"
                "(1)本分局轄區({region})車用加油站計{gas_own}站，含{cpc_office}所轄{gas_extra_area}{gas_extra}站加油站，共計{gas_total}站，迄今已完成向加油站業者，推廣優良油量計量管理制度，共計有公營{gas_public}站，民營{gas_private}站，合計{gas_registered}站(登錄率{gas_rate}%)。\n"
                "(2)本分局轄區({region})有使用衡器之公有市場計有{markets}處，目前登錄為「優良衡器計量管理制度」者共{market_registered}處(登錄率{market_rate}%)。")),
        )),
    )),
)


@dataclass(frozen=True)
class SumRule:
    """A narrative total that the text states next to its parts (an arithmetic check)."""

    total: str
    parts: tuple[str, ...]
    dimension_no: str
    item_no: str


SUM_RULES: tuple[SumRule, ...] = (
    SumRule("reject_batches", ("reject_batches_returned", "reject_batches_fixed", "reject_batches_held"), "5", "5.2"),
    SumRule("reject_pieces", ("reject_pieces_returned", "reject_pieces_fixed", "reject_pieces_held"), "5", "5.2"),
    SumRule("gas_total", ("gas_own", "gas_extra"), "5", "5.2"),
    SumRule("gas_registered", ("gas_public", "gas_private"), "5", "5.2"),
)


# --------------------------------------------------------------------------- report specs


@dataclass(frozen=True)
class Layout:
    """How one report prints its figures, so the corpus is not one layout only."""

    item_cell_one_line: bool = False
    fullwidth_score_items: frozenset[str] = frozenset()
    subtotal_format: str = "小計 {} 分"


@dataclass(frozen=True)
class Misprints:
    """Figures a report prints differently from what its items add up to (on purpose)."""

    subtotals: dict[str, int] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)
    total: int | None = None
    grade: str | None = None
    narrative: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportSpec:
    stem: str
    unit: str
    roc_year: int
    scores: dict[str, int]
    facts: dict[str, int | str]
    misprints: Misprints = Misprints()
    layout: Layout = Layout()
    skip_rows: frozenset[str] = frozenset()  # "<item>.<indicator>.<row>", 1-based


@dataclass(frozen=True)
class Printed:
    """Everything the document shows in the score places (claimed values)."""

    subtotals: dict[str, int]
    summary: dict[str, int]
    total: int
    grade: str


def grade_for(total: int) -> str:
    for floor, grade in GRADE_BANDS:
        if total >= floor:
            return grade
    return LOWEST_GRADE


def true_subtotals(spec: ReportSpec) -> dict[str, int]:
    return {d.no: sum(spec.scores[i.no] for i in d.items) for d in RUBRIC}


def printed_figures(spec: ReportSpec) -> Printed:
    sums = true_subtotals(spec)
    total = spec.misprints.total if spec.misprints.total is not None else sum(sums.values())
    return Printed(
        subtotals={**sums, **spec.misprints.subtotals},
        summary={**sums, **spec.misprints.summary},
        total=total,
        grade=spec.misprints.grade or grade_for(total),
    )


def derive_facts(spec: ReportSpec) -> dict[str, int | str]:
    """Facts plus the figures the narrative computes from them (sums, rates, 天次)."""
    facts: dict[str, int | str] = {"Y": spec.roc_year, "unit": spec.unit, **spec.facts}
    for rule in SUM_RULES:
        facts[rule.total] = sum(int(facts[p]) for p in rule.parts)
    facts.update(spec.misprints.narrative)
    facts["dispatch_days"] = int(facts["work_days"]) * 2
    facts["gas_rate"] = percent(facts["gas_registered"], facts["gas_total"])
    facts["market_rate"] = percent(facts["market_registered"], facts["markets"])
    if int(facts["import_online"]) < 0.99 * int(facts["import_total"]):
        raise ValueError(f"{spec.stem}: the narrative says 線上申辦使用率達99%以上")
    return facts


def percent(part: int | str, whole: int | str) -> str:
    return f"{100 * int(part) / int(whole):.1f}"


KEELUNG = ReportSpec(
    stem="110_keelung", unit="基隆分局", roc_year=110,
    scores={"1.1": 85, "1.2": 85, "2.1": 83, "2.2": 82, "2.3": 83, "3.1": 85, "3.2": 80,
            "4.1": 92, "4.2": 85, "5.1": 43, "5.2": 42},
    facts={
        "plan_date": "110年1月19日", "plan_no": "11090000750",
        "office_a": "五堵辦事處", "office_b": "蘇澳辦事處",
        "weather": "並因應基隆多雨特性，已設置雨具存放處及雨天室內通道，讓民眾免冒雨撐傘洽公",
        "region": "基隆市、宜蘭縣、連江縣", "university": "國立臺灣海洋大學",
        "cpc_office": "中油基隆營業處", "gas_extra_area": "新北", "a11y_date": "108年7月31日",
        "form_examples": 23, "download_forms": 22, "phone_tests": 96, "phone_avg": 93,
        "info_catalog": 16, "import_total": 47914, "import_online": 47906,
        "review_minutes": 32, "paper_review": 54530, "cert_hours": 25, "cert_online": 1892,
        "dispatch_minutes": 65, "work_days": 249, "inspector_trips": 4048,
        "vehicle_trips": 2059, "prerelease": 8262, "onsite_meters": 17338,
        "single_window": 49200, "form_suggestions": 9, "taxi_meters": 2254, "meetings": 20,
        "sat_score": "5.00", "mailbox": 450, "complaints": 450, "monitor_reports": 87,
        "monitors": 91, "market_checks": 16209, "promo_events": 61, "assist_batches": 2795,
        "reject_batches_returned": 47, "reject_batches_fixed": 54, "reject_batches_held": 58,
        "reject_pieces_returned": 19323, "reject_pieces_fixed": 21326,
        "reject_pieces_held": 806953,
        "gas_own": 97, "gas_extra": 7, "gas_public": 44, "gas_private": 44,
        "markets": 21, "market_registered": 20,
    },
    # The seed prints 847,600 件 although its parts add up to 847,602.
    misprints=Misprints(narrative={"reject_pieces": 847600}),
)

HSINCHU = ReportSpec(
    stem="110_hsinchu", unit="新竹分局", roc_year=110,
    scores={"1.1": 88, "1.2": 86, "2.1": 90, "2.2": 87, "2.3": 85, "3.1": 88, "3.2": 84,
            "4.1": 90, "4.2": 89, "5.1": 45, "5.2": 44},
    facts={
        "plan_date": "110年1月19日", "plan_no": "11090000750",
        "office_a": "竹北辦事處", "office_b": "苗栗辦事處",
        "weather": "並因應新竹風大特性，已於出入口設置防風門及室內等候區，讓民眾免受強風吹襲之苦",
        "region": "新竹市、新竹縣、苗栗縣", "university": "國立清華大學",
        "cpc_office": "中油新竹營業處", "gas_extra_area": "桃園", "a11y_date": "108年8月15日",
        "form_examples": 19, "download_forms": 20, "phone_tests": 84, "phone_avg": 92,
        "info_catalog": 16, "import_total": 21356, "import_online": 21340,
        "review_minutes": 30, "paper_review": 24815, "cert_hours": 24, "cert_online": 1204,
        "dispatch_minutes": 60, "work_days": 248, "inspector_trips": 2976,
        "vehicle_trips": 1488, "prerelease": 4113, "onsite_meters": 12906,
        "single_window": 22870, "form_suggestions": 6, "taxi_meters": 1318, "meetings": 22,
        "sat_score": "4.96", "mailbox": 312, "complaints": 298, "monitor_reports": 64,
        "monitors": 75, "market_checks": 11482, "promo_events": 43, "assist_batches": 1637,
        "reject_batches_returned": 25, "reject_batches_fixed": 31, "reject_batches_held": 27,
        "reject_pieces_returned": 12450, "reject_pieces_fixed": 8932,
        "reject_pieces_held": 215600,
        "gas_own": 152, "gas_extra": 5, "gas_public": 68, "gas_private": 61,
        "markets": 18, "market_registered": 16,
    },
    skip_rows=frozenset({"1.2.2.7", "1.2.2.8", "2.1.4.5"}),
)

TAICHUNG = ReportSpec(
    stem="110_taichung", unit="臺中分局", roc_year=110,
    scores={"1.1": 90, "1.2": 88, "2.1": 92, "2.2": 90, "2.3": 91, "3.1": 93, "3.2": 90,
            "4.1": 94, "4.2": 92, "5.1": 46, "5.2": 47},
    facts={
        "plan_date": "110年1月19日", "plan_no": "11090000750",
        "office_a": "臺中港辦事處", "office_b": "彰化辦事處",
        "weather": "並因應臺中夏季午後雷陣雨特性，已設置雨具存放處及騎樓遮雨通道，讓民眾免冒雨撐傘洽公",
        "region": "臺中市、彰化縣、南投縣", "university": "國立中興大學",
        "cpc_office": "中油臺中營業處", "gas_extra_area": "苗栗", "a11y_date": "108年9月10日",
        "form_examples": 25, "download_forms": 24, "phone_tests": 108, "phone_avg": 94,
        "info_catalog": 16, "import_total": 52480, "import_online": 52455,
        "review_minutes": 35, "paper_review": 58214, "cert_hours": 25, "cert_online": 2416,
        "dispatch_minutes": 70, "work_days": 246, "inspector_trips": 4522,
        "vehicle_trips": 2318, "prerelease": 9105, "onsite_meters": 21774,
        "single_window": 53690, "form_suggestions": 11, "taxi_meters": 2937, "meetings": 24,
        "sat_score": "4.98", "mailbox": 527, "complaints": 503, "monitor_reports": 112,
        "monitors": 104, "market_checks": 18655, "promo_events": 72, "assist_batches": 3148,
        "reject_batches_returned": 52, "reject_batches_fixed": 61, "reject_batches_held": 63,
        "reject_pieces_returned": 23117, "reject_pieces_fixed": 25408,
        "reject_pieces_held": 612345,
        "gas_own": 318, "gas_extra": 6, "gas_public": 142, "gas_private": 131,
        "markets": 35, "market_registered": 33,
    },
    # True sums 178/273/183/186/93 = 913 (優). The summary row adds up to the printed 915.
    misprints=Misprints(subtotals={"2": 275}, summary={"4": 188}, total=915, grade="甲"),
)

KAOHSIUNG = ReportSpec(
    stem="111_kaohsiung", unit="高雄分局", roc_year=111,
    scores={"1.1": 88, "1.2": 87, "2.1": 88, "2.2": 86, "2.3": 87, "3.1": 89, "3.2": 87,
            "4.1": 90, "4.2": 86, "5.1": 44, "5.2": 43},
    facts={
        "plan_date": "111年1月18日", "plan_no": "11190000620",
        "office_a": "前鎮辦事處", "office_b": "屏東辦事處",
        "weather": "並因應南部夏季炎熱多雨特性，已設置遮陽避雨廊道及雨具存放處，讓民眾免受日曬雨淋之苦",
        "region": "高雄市、屏東縣、澎湖縣", "university": "國立中山大學",
        "cpc_office": "中油高雄營業處", "gas_extra_area": "臺南", "a11y_date": "109年3月20日",
        "form_examples": 24, "download_forms": 23, "phone_tests": 102, "phone_avg": 93,
        "info_catalog": 17, "import_total": 58903, "import_online": 58880,
        "review_minutes": 32, "paper_review": 63127, "cert_hours": 26, "cert_online": 2085,
        "dispatch_minutes": 65, "work_days": 250, "inspector_trips": 4816,
        "vehicle_trips": 2407, "prerelease": 10342, "onsite_meters": 19851,
        "single_window": 60214, "form_suggestions": 8, "taxi_meters": 2611, "meetings": 21,
        "sat_score": "4.97", "mailbox": 488, "complaints": 471, "monitor_reports": 96,
        "monitors": 98, "market_checks": 17320, "promo_events": 58, "assist_batches": 3402,
        "reject_batches_returned": 66, "reject_batches_fixed": 72, "reject_batches_held": 63,
        "reject_pieces_returned": 31506, "reject_pieces_fixed": 27988,
        "reject_pieces_held": 702114,
        "gas_own": 286, "gas_extra": 4, "gas_public": 120, "gas_private": 118,
        "markets": 28, "market_registered": 26,
    },
    layout=Layout(item_cell_one_line=True, fullwidth_score_items=frozenset({"2.1", "4.2"}),
                  subtotal_format="小計：{}分"),
)

REPORTS: tuple[ReportSpec, ...] = (KEELUNG, HSINCHU, TAICHUNG, KAOHSIUNG)


# --------------------------------------------------------------------------- docx helpers


def set_run_font(rpr_parent: BaseOxmlElement, font: str) -> None:
    """Point all four rFonts slots at one font, dropping theme fonts that would win."""
    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-TW")


def new_document(title: str) -> Document:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    set_run_font(defaults, FONT)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_run_font(normal.element, FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.0
    set_core_properties(doc, title)
    return doc


def set_core_properties(doc: Document, title: str) -> None:
    props = doc.core_properties
    props.author = FIXED_AUTHOR
    props.last_modified_by = FIXED_AUTHOR
    props.title = title
    props.comments = "kaohe sample report, generated by samples/make_samples.py"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1


def add_text(doc: Document, text: str, *, bold: bool = False, size: float | None = None,
             center: bool = False) -> Paragraph:
    """A body paragraph; bold ones are headings and stay on the page of what follows."""
    para = doc.add_paragraph()
    para.paragraph_format.keep_with_next = bold
    run = para.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return para


def write_cell(cell: _Cell, lines: list[str], *, bold: bool = False, center: bool = False) -> None:
    """Replace a cell's content with one paragraph per line."""
    first = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for child in list(first._element):
        if child.tag != qn("w:pPr"):
            first._element.remove(child)
    for n, line in enumerate(lines or [""]):
        para = first if n == 0 else cell.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line:
            run = para.add_run(line)
            run.bold = bold
            run.font.size = Pt(TABLE_PT)


def new_table(doc: Document, rows: int, widths_cm: tuple[float, ...]) -> Table:
    table: Table = doc.add_table(rows=rows, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, width in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(width)
        for cell in col.cells:
            cell.width = Cm(width)
    return table


def repeat_as_header(table: Table, count: int) -> None:
    """Mark the first rows to repeat at the top of every page (w:tblHeader)."""
    for row in table.rows[:count]:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(header)


def keep_row_on_one_page(table: Table, row: int) -> None:
    """w:cantSplit: without it an item's first row, and so its name, may break mid-cell."""
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    table.rows[row]._tr.get_or_add_trPr().append(cant_split)


def shade(cell: _Cell, fill: str = "D9D9D9") -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def write_header_row(table: Table, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels):
        cell = table.cell(row, col)
        write_cell(cell, [label], bold=True, center=True)
        shade(cell)


# --------------------------------------------------------------------------- report body


@dataclass(frozen=True)
class FlatRow:
    item: Item
    indicator_key: str
    indicator: str
    row: Row


def flat_rows(dim: Dimension, spec: ReportSpec) -> list[FlatRow]:
    rows = []
    for item in dim.items:
        for i, indicator in enumerate(item.indicators, start=1):
            for j, row in enumerate(indicator.rows, start=1):
                if f"{item.no}.{i}.{j}" not in spec.skip_rows:
                    rows.append(FlatRow(item, f"{item.no}.{i}", indicator.text, row))
    return rows


def item_cell_lines(item: Item, spec: ReportSpec) -> list[str]:
    score = str(spec.scores[item.no])
    if item.no in spec.layout.fullwidth_score_items:
        score = score.translate(FULLWIDTH)
    parts = [item.name, f"({item.max_points}分)", f"得分：{score}"]
    return ["".join(parts)] if spec.layout.item_cell_one_line else parts


def runs_of(rows: list[FlatRow], key: Callable[[FlatRow], str]) -> list[tuple[int, int]]:
    """(first, last) index of each run of consecutive rows with the same key."""
    runs: list[tuple[int, int]] = []
    for n, row in enumerate(rows):
        if runs and key(rows[n - 1]) == key(row):
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def add_dimension_table(doc: Document, dim: Dimension, spec: ReportSpec,
                        facts: dict[str, int | str]) -> None:
    rows = flat_rows(dim, spec)
    table = new_table(doc, len(rows) + 1, RUBRIC_WIDTHS_CM)
    write_header_row(table, 0, ["評核項目", "評核指標", "次評核指標", "主辦單位", dim.result_header])
    repeat_as_header(table, 1)
    for n, flat in enumerate(rows, start=1):
        write_cell(table.cell(n, 2), [flat.row.sub])
        write_cell(table.cell(n, 3), [u.format(**facts) for u in flat.row.units])
        write_cell(table.cell(n, 4), flat.row.result.format(**facts).split("\n"))
    for first, last in runs_of(rows, lambda row: row.item.no):
        keep_row_on_one_page(table, first + 1)
        merged = table.cell(first + 1, 0).merge(table.cell(last + 1, 0))
        write_cell(merged, item_cell_lines(rows[first].item, spec))
    for first, last in runs_of(rows, lambda row: row.indicator_key):
        merged = table.cell(first + 1, 1).merge(table.cell(last + 1, 1))
        write_cell(merged, [rows[first].indicator])


def add_body(doc: Document, spec: ReportSpec, facts: dict[str, int | str],
             printed: Printed) -> None:
    add_text(doc, f"{ORGANIZATION}{spec.unit}{spec.roc_year}年度提升服務效能執行績效與成果",
             bold=True, size=14, center=True)
    add_text(doc, "整體服務類機關", bold=True)
    add_text(doc, "一、計畫依據", bold=True)
    add_text(doc, f"{ORGANIZATION}{facts['plan_date']}經標秘字第{facts['plan_no']}號函訂定"
                  f"「{spec.roc_year}年度提升服務效能執行計畫」。")
    add_text(doc, "二、執行策略及方法", bold=True)
    for dim in RUBRIC:
        add_text(doc, dim.heading, bold=True)
        add_dimension_table(doc, dim, spec, facts)
        add_text(doc, spec.layout.subtotal_format.format(printed.subtotals[dim.no]))


# --------------------------------------------------------------------------- summary table


def summary_headers(dim: Dimension) -> str:
    numerals = "一二三四五"
    return f"{numerals[int(dim.no) - 1]}、{dim.name}({dim.max_points}分)"


def add_summary_table(doc: Document, spec: ReportSpec, printed: Printed) -> None:
    table = new_table(doc, 3, SUMMARY_WIDTHS_CM)
    top = ["實施考核機關", "編號", "受考核單位名稱", "考核項目成績(1000分)", "", "", "", "",
           "總分", "等第", "考核年月"]
    write_header_row(table, 0, top)
    write_header_row(table, 1, ["", "", ""] + [summary_headers(d) for d in RUBRIC] + ["", "", ""])
    for col in (0, 1, 2, 8, 9, 10):
        merged = table.cell(0, col).merge(table.cell(1, col))
        write_cell(merged, [top[col]], bold=True, center=True)
    score_head = table.cell(0, 3).merge(table.cell(0, 7))
    write_cell(score_head, [top[3]], bold=True, center=True)
    repeat_as_header(table, 2)
    y = spec.roc_year
    data = [spec.unit, "", spec.unit, *(str(printed.summary[d.no]) for d in RUBRIC),
            str(printed.total), printed.grade, f"{y}/01 {y}/12"]
    for col, value in enumerate(data):
        write_cell(table.cell(2, col), [value], center=True)


def add_summary(doc: Document, spec: ReportSpec, printed: Printed) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_text(doc, f"{ORGANIZATION}{spec.unit}{spec.roc_year}年度提升服務效能自行考核結果統計表",
             bold=True, size=14, center=True)
    add_text(doc, f"受考核單位：{spec.unit}")
    add_text(doc, "優=900 分以上；甲=899-800 分；乙=799-700 分；丙=699-600 分；丁=599 分以下")
    add_summary_table(doc, spec, printed)
    add_text(doc, "")
    add_text(doc, "考核結果處理情形：")
    add_text(doc, "【請敘明考核結果後續處理情形，如函送受考核機關(單位)提報改進情形、"
                  "考核結果登載於機關網頁等方式】")


# --------------------------------------------------------------------------- output


def build_report(spec: ReportSpec) -> Document:
    """The whole report as a python-docx Document, built from its spec."""
    facts = derive_facts(spec)
    printed = printed_figures(spec)
    doc = new_document(f"{ORGANIZATION}{spec.unit}{spec.roc_year}年度提升服務效能執行績效與成果")
    add_body(doc, spec, facts, printed)
    add_summary(doc, spec, printed)
    return doc


def save_docx(doc: Document, path: Path) -> None:
    """Save with fixed zip timestamps so that re-runs give identical bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))


def convert_to_pdf(docx_paths: list[Path], outdir: Path) -> list[Path]:
    """Convert with LibreOffice in a private profile (safe next to other soffice runs)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: wrote the DOCX files only", file=sys.stderr)
        return []
    with tempfile.TemporaryDirectory(prefix="kaohe-lo-") as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_paths)],
            check=True, capture_output=True, timeout=600,
        )
    return [outdir / f"{p.stem}.pdf" for p in docx_paths]


def finding(check: str, claimed: object, expected: object, dimension_no: str = "",
            item_no: str = "", severity: str = "error") -> dict[str, str]:
    return {"check": check, "severity": severity, "dimension_no": dimension_no,
            "item_no": item_no, "claimed": str(claimed), "expected": str(expected)}


def expected_findings(spec: ReportSpec) -> list[dict[str, str]]:
    """What a correct checker reports: printed figures vs the figures recomputed from items."""
    sums = true_subtotals(spec)
    total = sum(sums.values())
    printed = printed_figures(spec)
    found = [finding("subtotal_mismatch", printed.subtotals[d], sums[d], d)
             for d in sums if printed.subtotals[d] != sums[d]]
    found += [finding("summary_mismatch", printed.summary[d], sums[d], d)
              for d in sums if printed.summary[d] != sums[d]]
    if printed.total != total:
        found.append(finding("total_mismatch", printed.total, total))
    if printed.grade != grade_for(total):
        found.append(finding("grade_mismatch", printed.grade, grade_for(total)))
    facts = {**spec.facts, **spec.misprints.narrative}
    for rule in SUM_RULES:
        parts = sum(int(spec.facts[p]) for p in rule.parts)
        if rule.total in facts and int(facts[rule.total]) != parts:
            found.append(finding("arithmetic_mismatch", facts[rule.total], parts,
                                 rule.dimension_no, rule.item_no, severity="warning"))
    return found


def truth(spec: ReportSpec, path: Path) -> dict[str, object]:
    sums = true_subtotals(spec)
    printed = printed_figures(spec)
    total = sum(sums.values())
    return {
        "source_file": path.name,
        "format": path.suffix.lstrip("."),
        "status": "ok",
        "organization": ORGANIZATION,
        "unit": spec.unit,
        "roc_year": spec.roc_year,
        "year": spec.roc_year + 1911,
        "items": dict(spec.scores),
        "subtotals": printed.subtotals,
        "summary": printed.summary,
        "claimed_total": printed.total,
        "claimed_grade": printed.grade,
        "recomputed_total": total,
        "recomputed_grade": grade_for(total),
        "findings": expected_findings(spec),
    }


def write_truth(spec: ReportSpec, document: Path) -> Path:
    out = TRUTH_DIR / f"{document.name}.json"
    text = json.dumps(truth(spec, document), ensure_ascii=False, indent=2)
    out.write_text(text + "\n", encoding="utf-8")
    return out


def check_spec(spec: ReportSpec) -> None:
    items = {i.no: i for d in RUBRIC for i in d.items}
    if set(spec.scores) != set(items):
        raise ValueError(f"{spec.stem}: scores for {sorted(spec.scores)} != rubric items")
    for no, score in spec.scores.items():
        if not 0 <= score <= items[no].max_points:
            raise ValueError(f"{spec.stem}: item {no} score {score} out of range")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-pdf", action="store_true", help="write the DOCX files only")
    args = parser.parse_args(argv)
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    TRUTH_DIR.mkdir(parents=True, exist_ok=True)
    docx_paths = []
    for spec in REPORTS:
        check_spec(spec)
        path = REPORTS_DIR / f"{spec.stem}.docx"
        save_docx(build_report(spec), path)
        write_truth(spec, path)
        docx_paths.append(path)
        print(f"wrote {path.relative_to(HERE.parent)}")
    if not args.skip_pdf:
        specs = {s.stem: s for s in REPORTS}
        for pdf in convert_to_pdf(docx_paths, REPORTS_DIR):
            write_truth(specs[pdf.stem], pdf)
            print(f"wrote {pdf.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
