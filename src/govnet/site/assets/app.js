/* govnet offline site: one page, views chosen by the URL hash, data from data.js (window.GOVNET_DATA).
   Classic script, no modules and no fetch: both are refused on file:// pages. */
(function () {
  "use strict";
  var D = window.GOVNET_DATA;
  var main = document.getElementById("main");
  var unitById = {};
  D.units.forEach(function (u) { unitById[u.id] = u; });

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function siteLink(key) {
    var s = D.sites[key];
    return '<a href="#/site/' + encodeURIComponent(key) + '">' + esc(key) + " " + esc(s ? s.name : "") + "</a>";
  }
  function unitLink(id) {
    var u = unitById[id];
    return '<a href="#/unit/' + encodeURIComponent(id) + '">' + esc(id) + "</a> " + esc(u ? u.name : "");
  }
  function table(head, rows) {
    return "<table><thead><tr>" + head.map(function (h) { return cell(esc(h), "th"); }).join("") +
      "</tr></thead><tbody>" + rows.map(function (r) { return "<tr>" + r.map(function (c) { return cell(c, "td"); }).join("") + "</tr>"; })
      .join("") + "</tbody></table>";
  }
  // A short word (已开通, 1G, 电信) stays on one line: beside a 60-character unit name the browser broke
  // "已开通" into "已开/通". Long texts still wrap.
  function cell(html, tag) {
    var text = String(html).replace(/<[^>]*>/g, "");
    return "<" + tag + (text.length <= 6 && !/\s/.test(text) ? ' class="nw">' : ">") + html + "</" + tag + ">";
  }

  function overview() {
    var c = D.counts, levels = Object.keys(c.levels).map(function (k) { return esc(k) + " " + c.levels[k]; });
    var cov = c.township_coverage, byCode = {};
    D.diagnostics.forEach(function (d) { (byCode[d.code] = byCode[d.code] || []).push(d); });
    var diag = Object.keys(byCode).sort().map(function (code) {
      var first = byCode[code][0];
      return [esc(code), esc(first.severity === "error" ? "错误" : "警告"), String(byCode[code].length),
        '<a href="#/diagnostics/' + esc(code) + '">' + esc(first.message) + "</a>"];
    });
    return "<h1>" + esc(D.title) + "</h1><p class=\"meta\">生成日期：" + esc(D.date) + "　模型版本：" +
      esc(D.revision) + "</p><ul class=\"cards\"><li>节点<b>" + levels.join("，") + "</b></li><li>设备<b>" +
      c.devices + "</b></li><li>链路<b>" + c.links + "</b></li><li>接入单位<b>" + c.units +
      "</b></li><li>乡镇覆盖<b>" + cov[0] + "/" + cov[1] + "（" + (cov[1] ? (100 * cov[0] / cov[1]).toFixed(1) : "—") +
      "%）</b></li>" + (c.village_coverage ? "<li>村（社区）覆盖<b>" + c.village_coverage[0] + "/" +
      c.village_coverage[1] + "（" + (c.village_coverage[1] ? (100 * c.village_coverage[0] /
      c.village_coverage[1]).toFixed(1) : "—") + "%）</b></li>" : "") + "</ul>" + statusLine(c.status) + "<h2>从省级开始</h2><p>" + siteLink(D.root) + "</p>" + whatifSummary() + verifySummary() +
      "<h2>校验结果（" + D.diagnostics.length +
      " 条）</h2>" + (diag.length ? table(["代码", "级别", "数量", "说明"], diag) : "<p>无。</p>");
  }

  // the units by status, each linking to the registry filtered by it: the overview counted units but not these
  function statusLine(status) {
    return "<p>接入单位按状态：" + Object.keys(status || {}).map(function (k) {
      return '<a href="#/registry?status=' + esc(k) + '">' + esc(k) + "</a> " + status[k];
    }).join("，") + "</p>";
  }

  // what the build's verify stage found in the rendered configs, per code; each code links to its entry in the
  // verify codes' table (the same words as docs/diagnostics.zh.md)
  function verifySummary() {
    var v = D.verify, codeLink = function (code) { return '<a href="#/codes/' + esc(code) + '">' + esc(code) + "</a>"; };
    if (!v) { return "<h2>配置核查（verify）</h2><p>本次构建未运行配置核查。</p>"; }
    var rows = v.codes.map(function (r) {
      return [codeLink(r.code), esc(r.severity), String(r.count), esc(r.title)];
    });
    return "<h2>配置核查（verify）</h2><p>" + (v.errors ? "未通过" : "通过") + "：错误 " + v.errors + " 个，警告 " +
      v.warnings + ' 个（<a href="#/codes">核查项目说明</a>）</p>' + (rows.length ? table(["代码", "级别", "数量", "含义"], rows) : "");
  }

  function codes(code) {
    var rows = (D.verify_codes || []).map(function (r) {
      var mark = r.code === code ? function (t) { return "<b>" + t + "</b>"; } : function (t) { return t; };
      return [mark('<span id="' + esc(r.code) + '">' + esc(r.code) + "</span>"), mark(esc(r.severity)), mark(esc(r.title))];
    });
    return "<h1>配置核查项目" + (code ? " " + esc(code) : "") + "</h1>" + table(["代码", "级别", "含义"], rows);
  }

  function diagnostics(code) {
    var rows = D.diagnostics.filter(function (d) { return !code || d.code === code; }).map(function (d) {
      return [esc(d.code), esc(d.where), esc(d.message), esc(d.hint)];
    });
    return "<h1>校验结果 " + esc(code || "") + "</h1>" + table(["代码", "位置", "说明", "提示"], rows);
  }

  function site(key) {
    var s = D.sites[key];
    if (!s) { return "<h1>没有节点 " + esc(key) + "</h1>"; }
    var trail = [], up = s.parent;
    while (up && D.sites[up]) { trail.unshift(siteLink(up)); up = D.sites[up].parent; }
    var out = '<p class="trail">' + trail.join(" › ") + "</p><h1>" + esc(key) + " " + esc(s.name) +
      ' <small>' + esc(s.level_zh) + (s.kind ? "（" + esc(s.kind) + "）" : "") + "</small></h1>";
    out += "<h2>开放区域</h2><p>" + (s.zones.map(esc).join("、") || "无") + "</p>";
    out += "<h2>设备（" + s.devices.length + "）</h2>" + table(["设备", "角色", "平台", "配置"], s.devices.map(function (d) {
      return [esc(d.name), esc(d.role), esc(d.platform), d.config ? '<a href="' + esc(d.config) + '">' +
        esc(d.config) + "</a>" : "（国家骨干网设备）"];
    }));
    if (s.level === "city" || s.level === "county") { out += siteSpofs(key); }  // before the long link list
    out += "<h2>链路（" + s.links.length + "）</h2>" + table(["A 端", "B 端", "带宽", "运营商", "类型"],
      s.links.map(function (l) { return [esc(l.a), esc(l.b), esc(l.bw), esc(l.carrier), esc(l.kind)]; }));
    out += "<h2>接入单位（" + s.units.length + "）</h2>" + (s.units.length ? table(["单位", "状态", "区域", "分配地址"],
      s.units.map(function (id) {
        var u = unitById[id];
        return [unitLink(id), esc(u.status_zh), esc(u.zones.join("、")), esc(u.addresses.join("；"))];
      })) : "<p>本节点没有接入单位。</p>");  // not a table of headings over nothing
    if (s.children.length) {
      out += "<h2>下级节点（" + s.children.length + "）</h2><ul class=\"cols\">" + s.children.map(function (k) {
        return "<li>" + siteLink(k) + "</li>";
      }).join("") + "</ul>";
    }
    return out;
  }

  // -- what-if (N-1) ---------------------------------------------------------------------------------------
  var W = window.GOVNET_WHATIF;
  var KINDS = {"link": "链路", "links": "链路组合", "device": "设备", "site": "站点", "carrier": "运营商",
    "srlg": "共享风险组"};
  var zoneTitle = {}, deviceSite = {};
  D.zones.forEach(function (z) { zoneTitle[z.name] = z.title; });
  Object.keys(D.sites).forEach(function (k) { D.sites[k].devices.forEach(function (d) { deviceSite[d.name] = k; }); });
  function element(kind, name) {
    if (kind === "site") { return siteLink(name); }
    if (kind === "device") { return esc(name) + (deviceSite[name] ? "（" + siteLink(deviceSite[name]) + "）" : ""); }
    return esc(name);
  }
  // the site a failing element belongs to (a link: its first end's), for the ranking's city filter
  function elementSite(kind, name) {
    if (kind === "site") { return name; }
    if (kind === "device") { return deviceSite[name] || ""; }
    if (kind === "link") { return deviceSite[name.split("/")[0]] || ""; }
    return "";
  }
  function spofTable(items) {
    return table(["类型", "故障要素", "失联站点"], items.map(function (x) {
      return [esc(KINDS[x[0]] || x[0]), element(x[0], x[1]), String(x[2])];
    }));
  }
  function whatifSummary() {
    if (!W) { return ""; }
    return "<h2>容灾分析（N-1）</h2><p>逐一失效 " + W.elements + " 个要素，" + W.ranked.length + " 个会造成失联；" +
      Object.keys(W.spofs).length + ' 个设区市、县区存在单点故障。<a href="#/whatif">查看容灾分析</a></p>';
  }
  function siteSpofs(key) {
    if (!W) { return ""; }
    var items = W.spofs[key] || [];
    if (!items.length) { return "<h2>单点故障（N-1）</h2><p>本地区没有单点故障：任一链路或设备失效都不会使下级站点失联。</p>"; }
    return "<h2>单点故障（N-1，" + items.length + " 处）</h2>" + spofTable(items.slice(0, 10)) +
      '<p><a href="#/whatif/' + encodeURIComponent(key) + '">本地区全部 ' + items.length + " 处单点故障</a>　" +
      '<a href="#/whatif">全省容灾分析</a></p>';
  }
  function whatif(area, params) {
    if (!W) { return "<h1>容灾分析</h1><p>没有容灾分析数据：由 govnet build 生成（site/whatif.js）。</p>"; }
    if (area) {
      var items = W.spofs[area] || [];
      return '<p class="trail"><a href="#/whatif">容灾分析</a> › ' + siteLink(area) + "</p><h1>" +
        esc(D.sites[area] ? D.sites[area].name : area) + " 的单点故障（" + items.length + " 处）</h1>" +
        "<p>单条链路或单台设备失效即会使本地区的站点失联（不含设备所在站点本身）。</p>" +
        (items.length ? spofTable(items) : "<p>没有单点故障。</p>");
    }
    var kind = params.kind || "", city = params.city || "";
    var rows = W.ranked.filter(function (r) {
      return (!kind || r[0] === kind) && (!city || elementSite(r[0], r[1]).slice(0, city.length) === city);
    });
    var kinds = {};
    W.ranked.forEach(function (r) { kinds[r[0]] = 1; });
    var cities = Object.keys(D.sites).filter(function (k) { return D.sites[k].level === "city"; }).sort();
    var select = '<form id="whatif-filter">类型 <select name="kind"><option value="">全部</option>' +
      Object.keys(kinds).sort().map(function (k) {
        return '<option value="' + esc(k) + '"' + (k === kind ? " selected" : "") + ">" + esc(KINDS[k] || k) + "</option>";
      }).join("") + '</select> 设区市 <select name="city"><option value="">全省</option>' + cities.map(function (k) {
        return '<option value="' + esc(k) + '"' + (k === city ? " selected" : "") + ">" + esc(k + " " + D.sites[k].name) +
          "</option>";
      }).join("") + "</select></form>";
    var out = "<h1>容灾分析（N-1）</h1><p>逐一失效全省 " + W.elements + " 个要素（链路、设备、站点、运营商、共享风险组），" +
      "其中 " + W.ranked.length + " 个会使站点失联。失联指站点的设备全部无法到达省级核心。</p>";
    out += "<h2>按失联接入单位排名</h2>" + select + "<p>" + rows.length + " 项</p>" +
      table(["#", "类型", "故障要素", "失联站点", "失联单位", "中断 BGP 会话", "按区域失联单位"],
        rows.slice(0, 300).map(function (r, i) {
          var zones = Object.keys(r[5]).map(function (z) { return esc(zoneTitle[z] || z) + " " + r[5][z]; });
          return [String(i + 1), esc(KINDS[r[0]] || r[0]), element(r[0], r[1]), String(r[2]), String(r[3]),
            String(r[4]), zones.join("，")];
        })) + (rows.length > 300 ? "<p>仅显示前 300 项。</p>" : "");
    out += "<h2>按安全区域</h2>" + (Object.keys(W.zones).length ? table(["区域", "影响最大的故障（失联单位数）"],
      Object.keys(W.zones).map(function (z) {
        return [esc(zoneTitle[z] || z), W.zones[z].map(function (x) {
          return esc(KINDS[x[0]] || x[0]) + " " + element(x[0], x[1]) + "（" + x[2] + "）";
        }).join("；")];
      })) : "<p>没有接入单位会失联。</p>");
    var areas = Object.keys(W.spofs);
    out += "<h2>单点故障（按设区市、县区，" + areas.length + " 个地区）</h2>" + (areas.length ?
      table(["地区", "级别", "单点故障", "影响最大的"], areas.map(function (a) {
        var items = W.spofs[a];
        return [siteLink(a), esc(D.sites[a] ? D.sites[a].level_zh : ""), '<a href="#/whatif/' + encodeURIComponent(a) +
          '">' + items.length + " 处</a>", items.slice(0, 3).map(function (x) {
            return esc(KINDS[x[0]] || x[0]) + " " + element(x[0], x[1]) + "（" + x[2] + " 个站点）";
          }).join("；")];
      })) : "<p>没有单点故障。</p>");
    return out;
  }

  function unit(id) {
    var u = unitById[id];
    if (!u) { return "<h1>没有单位 " + esc(id) + "</h1>"; }
    var rows = [["单位编号", esc(u.id)], ["统一社会信用代码", esc(u.uscc)], ["行政区划代码", esc(u.division)],
      ["接入节点", siteLink(u.site)], ["接入类别", esc(u.class)], ["接入区域", esc(u.zones.join("、"))],
      ["互联网出口", esc(u.internet)], ["申请／批准带宽", esc(u.requested) + " / " + esc(u.granted || "待批准")],
      ["等保级别", u.mlps ? "第" + u.mlps + "级" : "未定级"], ["状态", esc(u.status_zh)],
      ["负责人", esc(u.head) + " " + esc(u.head_mobile)], ["技术联系人", esc(u.tech) + " " + esc(u.tech_mobile)], ["地址", esc(u.address)],
      ["分配地址", esc(u.addresses.join("；")) || (u.status === "revoked" ? "无（单位已撤销）" : "（尚未分配）")],
      ["登记表", '<a href="records/forms/' + encodeURIComponent(u.id) + '.html">接入登记备案表</a>']];
    return "<h1>" + esc(u.name) + "</h1>" + table(["项目", "内容"], rows) + "<h2>审批及变更记录</h2>" +
      (u.history.length ? table(["日期", "事项", "经办单位／人", "文号／备注"], u.history.map(function (h) {
        return h.map(esc);
      })) : "<p>无。</p>");
  }

  function zones() {
    return "<h1>安全区域</h1>" + D.zones.map(function (z) {
      return '<section><h2>' + z.number + " " + esc(z.title) + " <small>" + esc(z.name) + "，" + esc(z.kind) +
        "</small></h2>" + table(["VRF", "RD", "RT 导入", "RT 导出", "开放层级"], [[esc(z.vrf), esc(z.rd),
        esc(z.rt_import.join(", ")), esc(z.rt_export.join(", ")), esc(z.levels.join("、"))]]) +
        "<ul>" + z.notes.map(function (n) { return "<li>" + esc(n) + "</li>"; }).join("") + "</ul></section>";
    }).join("");
  }

  function ipam() {
    var pools = (D.ipam.pools || []).map(function (p) {
      var title = zoneTitle[p.pool] || POOL_ZH[p.pool];  // as the address report names a pool: 公用网络区（public）
      return [esc(title ? title + "（" + p.pool + "）" : p.pool), esc(p.family), esc(p.blocks.join(" ")), (100 * p.used_at_top).toFixed(1) + "%",
        p.levels.map(function (l) { return esc(l.level) + " " + (100 * l.used_mean).toFixed(1) + "%"; }).join("，"),
        esc(p.largest_free.join(" "))];
    });
    return "<h1>地址使用</h1><p>顶层 100% 表示地址池已整体划给省级节点块、逐级下分，并非耗尽；余量看各级平均使用率。</p>" +
      table(["地址池", "族", "地址块", "顶层下放", "各级平均使用", "顶层最大空闲块"], pools);
  }

  function registry(params) {
    var f = {city: params.city || "", status: params.status || "", cls: params["class"] || "", zone: params.zone || ""};
    function opts(name, values, current) {
      return '<select name="' + name + '"><option value="">全部</option>' + values.map(function (v) {
        return "<option" + (v === current ? " selected" : "") + ">" + esc(v) + "</option>";
      }).join("") + "</select>";
    }
    function uniq(fn) { var s = {}; D.units.forEach(function (u) { [].concat(fn(u)).forEach(function (v) { if (v) s[v] = 1; }); }); return Object.keys(s).sort(); }
    var rows = D.units.filter(function (u) {
      return (!f.city || u.city === f.city) && (!f.status || u.status_zh === f.status) &&
        (!f.cls || u["class"] === f.cls) && (!f.zone || u.zones.indexOf(f.zone) >= 0);
    });
    return '<h1>接入单位登记</h1><form id="filters">设区市 ' + opts("city", uniq(function (u) { return u.city; }), f.city) +
      " 状态 " + opts("status", uniq(function (u) { return u.status_zh; }), f.status) +
      " 类别 " + opts("class", uniq(function (u) { return u["class"]; }), f.cls) +
      " 区域 " + opts("zone", uniq(function (u) { return u.zones; }), f.zone) + "</form><p>" + rows.length +
      " 个单位</p>" + table(["单位", "统一社会信用代码", "接入节点", "类别", "区域", "状态"], rows.slice(0, 2000).map(function (u) {
        return [unitLink(u.id), esc(u.uscc), siteLink(u.site), esc(u["class"]), esc(u.zones.join("、")), esc(u.status_zh)];
      })) + (rows.length > 2000 ? "<p>仅显示前 2000 个，请用筛选缩小范围。</p>" : "");
  }

  function parseIp(text) {
    text = text.trim();
    if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
      var parts = text.split(".").map(Number);
      if (parts.some(function (p) { return p > 255; })) { return null; }
      return {family: 4, value: parts.reduce(function (a, p) { return a * 256n + BigInt(p); }, 0n)};
    }
    if (text.indexOf(":") >= 0 && /^[0-9a-fA-F:]+$/.test(text)) {
      var halves = text.split("::"), head = halves[0] ? halves[0].split(":") : [];
      var tail = halves.length > 1 && halves[1] ? halves[1].split(":") : [];
      if (halves.length > 2) { return null; }
      var groups = head.concat(new Array(8 - head.length - tail.length).fill("0"), tail);
      if (groups.length !== 8) { return null; }
      return {family: 6, value: groups.reduce(function (a, g) { return a * 65536n + BigInt(parseInt(g || "0", 16)); }, 0n)};
    }
    return null;
  }
  // The search's pool and kind columns in Chinese (they showed the lock's words: public, unit, site); the lock
  // entry itself stays as the lock writes it.
  var POOL_ZH = {"loopback": "环回地址", "links": "互联地址", "management": "管理地址"};
  var PREFIX_KIND_ZH = {"site": "节点地址块", "unit": "单位子网", "device": "设备地址", "link": "链路互联",
    "zone-leg": "路由器—防火墙互联", "zone-mgmt-leg": "防火墙管理互联", "zone-peer-link": "站内路由器互联",
    "zone-xha-link": "双机心跳", "zone-xv6-leg": "互联网区 IPv6 互联", "zone-vpn-handoff": "国家骨干网 VPN 互联",
    "nat": "NAT 地址池", "handoff": "运营商接口", "clients": "安全接入客户端地址池", "portal": "安全接入门户地址"};
  function covering(ip) {
    var found = [];
    D.prefixes.forEach(function (p) {
      var cut = p[0].split("/"), net = parseIp(cut[0]);
      if (!net || net.family !== ip.family) { return; }
      var bits = ip.family === 4 ? 32 : 128, size = 1n << BigInt(bits - Number(cut[1]));
      if (ip.value >= net.value && ip.value < net.value + size) { found.push(p); }
    });
    return found.sort(function (a, b) { return Number(b[0].split("/")[1]) - Number(a[0].split("/")[1]); });
  }
  function search(q) {
    q = (q || "").trim();
    var out = '<h1>搜索</h1><form id="search-form"><input name="q" value="' + esc(q) +
      '" placeholder="行政区划代码、节点或单位名称、单位编号、统一社会信用代码、安装地址、IP 地址"> <button>搜索</button></form>';
    if (!q) { return out; }
    var ip = parseIp(q);
    if (ip) {
      var hits = covering(ip);
      out += "<h2>地址 " + esc(q) + " 所在的分配</h2>" + (hits.length ? table(["前缀", "地址池", "类型", "对象", "节点", "锁文件条目"],
        hits.map(function (p) {
          var who = p[2] === "unit" && unitById[p[3]] ? unitLink(p[3]) : esc(p[3]);
          return [esc(p[0]), esc(zoneTitle[p[1]] || POOL_ZH[p[1]] || p[1]), esc(PREFIX_KIND_ZH[p[2]] || p[2]), who, p[4] ? siteLink(p[4]) : "", "<code>" + esc(p.slice(1, 4).join(" ")) + "</code>"];
        })) : "<p>没有分配包含这个地址。</p>");
      return out;
    }
    var low = q.toLowerCase();
    var sites = Object.keys(D.sites).filter(function (k) { return k.indexOf(q) === 0 || D.sites[k].name.indexOf(q) >= 0; });
    var units = D.units.filter(function (u) {
      return u.id.toLowerCase().indexOf(low) === 0 || u.name.indexOf(q) >= 0 || u.uscc.toLowerCase() === low ||
        u.division.indexOf(q) === 0 || u.address.indexOf(q) >= 0;  // the unit's address, as the clerk knows it
    });
    // a long result is cut, and says so (the heading's count is every match): as the registry page does
    function more(n, shown) { return n > shown ? "<p>仅显示前 " + shown + " 个，请输入更具体的关键词。</p>" : ""; }
    out += "<h2>节点（" + sites.length + "）</h2><ul class=\"cols\">" + sites.slice(0, 200).map(function (k) { return "<li>" + siteLink(k) + "</li>"; }).join("") + "</ul>" + more(sites.length, 200);
    out += "<h2>接入单位（" + units.length + "）</h2>" + table(["单位", "统一社会信用代码", "接入节点", "状态"], units.slice(0, 500).map(function (u) {
      return [unitLink(u.id), esc(u.uscc), siteLink(u.site), esc(u.status_zh)];
    })) + more(units.length, 500);
    return out;
  }

  function diagrams() {
    return "<h1>拓扑图</h1>" + D.diagrams.map(function (d) {
      return '<figure><figcaption><a href="diagrams/' + esc(d) + '">' + esc(d) + '</a></figcaption><img loading="lazy" src="diagrams/' +
        esc(d) + '" alt="' + esc(d) + '"></figure>';
    }).join("");
  }

  function route() {
    var hash = decodeURIComponent(location.hash.replace(/^#\/?/, "")), parts = hash.split("?"), path = parts[0].split("/");
    var params = {};
    (parts[1] || "").split("&").forEach(function (kv) { var i = kv.indexOf("="); if (i > 0) { params[kv.slice(0, i)] = kv.slice(i + 1); } });
    var views = {"": overview, "site": function () { return site(path[1]); }, "unit": function () { return unit(path[1]); },
      "zones": zones, "ipam": ipam, "registry": function () { return registry(params); },
      "compliance": function () { return "<h1>政策符合性</h1>" + D.compliance; },
      "diagrams": diagrams, "diagnostics": function () { return diagnostics(path[1]); },
      "codes": function () { return codes(path[1]); },
      "whatif": function () { return whatif(path[1], params); },
      "search": function () { return search(path.slice(1).join("/")); }};
    main.innerHTML = (views[path[0]] || overview)();
    var form = document.getElementById("filters");
    if (form) {
      form.addEventListener("change", function () {
        var q = [].map.call(form.elements, function (e) { return e.value ? e.name + "=" + e.value : ""; }).filter(Boolean);
        location.hash = "#/registry?" + q.join("&");
      });
    }
    var wf = document.getElementById("whatif-filter");
    if (wf) {
      wf.addEventListener("change", function () {
        var q = [].map.call(wf.elements, function (e) { return e.value ? e.name + "=" + e.value : ""; }).filter(Boolean);
        location.hash = "#/whatif" + (q.length ? "?" + q.join("&") : "");
      });
    }
    var sf = document.getElementById("search-form");
    if (sf) {
      sf.addEventListener("submit", function (e) { e.preventDefault(); location.hash = "#/search/" + sf.elements.q.value; });
    }
    document.title = D.title + " — govnet";
  }
  window.addEventListener("hashchange", route);
  document.getElementById("top-search").addEventListener("submit", function (e) {
    e.preventDefault(); location.hash = "#/search/" + this.elements.q.value;
  });
  route();
  // For the browser test: the embedded face was used and loaded (a face loads only when text needs it). Not
  // document.fonts.check(), which answers true for a family no face declares.
  document.fonts.ready.then(function () {
    var loaded = [].some.call(Array.from(document.fonts), function (f) {
      return f.family.replace(/"/g, "") === "Govnet Noto Sans SC" && f.status === "loaded";
    });
    document.body.setAttribute("data-font", loaded ? "embedded" : "missing");
  });
})();
