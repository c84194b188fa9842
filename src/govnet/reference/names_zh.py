"""One Chinese name per level and site kind for every artefact the office is handed (summary.md, the statistics, the
compliance and address reports, the site, the diagrams' notes): each artefact had its own table, and the address
report said 市级、县级、乡镇级、村级 where the others said 设区市、县（市、区）、乡镇（街道）、村（社区）. These are the
names the provincial documents give the levels below the province (DOMAIN.md): the prefecture-level city is the
设区市, the county level 县（市、区）, townships 乡镇（街道）, villages 村（社区）."""

from __future__ import annotations

LEVEL_ZH = {"province": "省级", "city": "设区市", "county": "县（市、区）", "township": "乡镇（街道）",
            "village": "村（社区）", "special": "特殊站点"}
SITE_KIND_ZH = {"national-pop": "国家骨干网接入点", "gov-cloud": "政务云", "dr-centre": "容灾备份中心",
                "datacenter": "数据中心"}
