package demo

// Word banks for names. Each entry carries a pinyin-ish code used in logins.

type coded struct{ name, code string }

// surnames and givens build people's names; the pinyin makes leader logins.
var surnames = []coded{
	{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"}, {"赵", "zhao"},
	{"黄", "huang"}, {"周", "zhou"}, {"吴", "wu"}, {"徐", "xu"}, {"孙", "sun"}, {"胡", "hu"}, {"朱", "zhu"},
	{"高", "gao"}, {"林", "lin"}, {"何", "he"}, {"郭", "guo"}, {"马", "ma"}, {"罗", "luo"}, {"梁", "liang"},
	{"宋", "song"}, {"郑", "zheng"}, {"谢", "xie"}, {"韩", "han"}, {"唐", "tang"}, {"冯", "feng"}, {"于", "yu"},
	{"董", "dong"}, {"萧", "xiao"}, {"程", "cheng"}, {"曹", "cao"}, {"袁", "yuan"}, {"邓", "deng"}, {"许", "xu"},
	{"傅", "fu"}, {"沈", "shen"}, {"曾", "zeng"}, {"彭", "peng"}, {"吕", "lv"}, {"苏", "su"}, {"卢", "lu"},
	{"蒋", "jiang"}, {"蔡", "cai"}, {"贾", "jia"}, {"丁", "ding"}, {"魏", "wei"}, {"薛", "xue"}, {"叶", "ye"},
	{"阎", "yan"}, {"余", "yu"}, {"潘", "pan"}, {"杜", "du"}, {"戴", "dai"}, {"夏", "xia"}, {"钟", "zhong"},
	{"汪", "wang"}, {"田", "tian"}, {"任", "ren"}, {"姜", "jiang"}, {"范", "fan"}, {"方", "fang"}, {"石", "shi"},
	{"姚", "yao"}, {"谭", "tan"}, {"廖", "liao"}, {"邹", "zou"}, {"熊", "xiong"}, {"金", "jin"}, {"陆", "lu"},
	{"郝", "hao"}, {"孔", "kong"}, {"白", "bai"}, {"崔", "cui"}, {"康", "kang"}, {"毛", "mao"}, {"邱", "qiu"},
	{"秦", "qin"}, {"江", "jiang"}, {"史", "shi"}, {"顾", "gu"}, {"侯", "hou"}, {"邵", "shao"}, {"孟", "meng"},
	{"龙", "long"}, {"万", "wan"}, {"段", "duan"}, {"雷", "lei"}, {"钱", "qian"}, {"汤", "tang"}, {"尹", "yin"},
	{"黎", "li"}, {"易", "yi"}, {"常", "chang"}, {"武", "wu"}, {"乔", "qiao"}, {"贺", "he"}, {"赖", "lai"},
	{"龚", "gong"}, {"文", "wen"},
}

var givens = []coded{
	{"建", "jian"}, {"国", "guo"}, {"华", "hua"}, {"明", "ming"}, {"伟", "wei"}, {"军", "jun"}, {"平", "ping"},
	{"志", "zhi"}, {"强", "qiang"}, {"勇", "yong"}, {"杰", "jie"}, {"涛", "tao"}, {"斌", "bin"}, {"超", "chao"},
	{"波", "bo"}, {"辉", "hui"}, {"刚", "gang"}, {"健", "jian"}, {"红", "hong"}, {"霞", "xia"}, {"敏", "min"},
	{"静", "jing"}, {"丽", "li"}, {"芳", "fang"}, {"燕", "yan"}, {"玲", "ling"}, {"婷", "ting"}, {"雪", "xue"},
	{"慧", "hui"}, {"颖", "ying"}, {"晓", "xiao"}, {"海", "hai"}, {"东", "dong"}, {"新", "xin"}, {"林", "lin"},
	{"峰", "feng"}, {"磊", "lei"}, {"鹏", "peng"}, {"宇", "yu"}, {"浩", "hao"}, {"凯", "kai"}, {"文", "wen"},
	{"德", "de"}, {"荣", "rong"}, {"永", "yong"}, {"春", "chun"}, {"秋", "qiu"}, {"兰", "lan"}, {"梅", "mei"},
	{"清", "qing"}, {"振", "zhen"}, {"民", "min"}, {"为", "wei"}, {"茂", "mao"}, {"仁", "ren"}, {"禄", "lu"},
	{"胜", "sheng"}, {"泰", "tai"}, {"亮", "liang"}, {"云", "yun"}, {"鑫", "xin"}, {"博", "bo"}, {"晨", "chen"},
	{"阳", "yang"}, {"琳", "lin"}, {"倩", "qian"}, {"洁", "jie"}, {"瑞", "rui"}, {"昊", "hao"}, {"卫", "wei"},
	{"利", "li"}, {"全", "quan"}, {"福", "fu"}, {"跃", "yue"}, {"进", "jin"}, {"安", "an"}, {"良", "liang"},
	{"玉", "yu"}, {"桂", "gui"}, {"萍", "ping"}, {"秀", "xiu"}, {"英", "ying"}, {"成", "cheng"}, {"兵", "bing"},
	{"光", "guang"}, {"辰", "chen"}, {"思", "si"}, {"佳", "jia"}, {"嘉", "jia"}, {"俊", "jun"}, {"彬", "bin"},
}

// districts are fictional district names; a city uses all fifteen.
var districts = []coded{
	{"清河区", "qh"}, {"云溪区", "yx"}, {"临江区", "lj"}, {"青山区", "qs"}, {"明湖区", "mh"},
	{"桃源区", "ty"}, {"龙泉区", "lq"}, {"金沙区", "js"}, {"星海区", "xh"}, {"白鹭区", "bl"},
	{"松林区", "sl"}, {"芙蓉区", "fr"}, {"翠屏区", "cp"}, {"梅岭区", "ml"}, {"凤凰区", "fh"},
}

// cityName is the root of a city-scale demo.
var cityName = coded{"云江市", "yj"}

// streets are 街道 (town false) and 镇 (town true); the first ones are used first.
var streets = []struct {
	name, code string
	town       bool
}{
	{"东湖街道", "dhjd", false}, {"西城街道", "xcjd", false}, {"南湖街道", "nhjd", false}, {"北山街道", "bsjd", false},
	{"朝阳街道", "cyjd", false}, {"滨江街道", "bjjd", false}, {"青石镇", "qsz", true}, {"新华街道", "xhjd", false},
	{"白沙镇", "bsz", true}, {"柳林镇", "llz", true},
}

// communities name 社区 under streets; villages name 村 under towns.
var communities = []coded{
	{"湖滨", "hb"}, {"锦绣", "jx"}, {"幸福", "xf"}, {"和平", "hp"}, {"光明", "gm"}, {"桂花", "gh"}, {"丽景", "lj"},
	{"翠苑", "cy"}, {"春晖", "ch"}, {"阳光", "yg"}, {"长青", "cq"}, {"文华", "wh"}, {"育才", "yc"}, {"紫荆", "zj"},
	{"金桥", "jq"}, {"银杏", "yx"}, {"枫林", "fl"}, {"梧桐", "wt"}, {"碧水", "bs"}, {"清风", "qf"}, {"明珠", "mz"},
	{"东园", "dy"}, {"西苑", "xy"}, {"南门", "nm"}, {"北街", "bj"}, {"新村", "xc"}, {"振兴", "zx"}, {"团结", "tj"},
	{"花园", "hy"}, {"龙湾", "lw"}, {"凤鸣", "fm"}, {"书香", "sx"}, {"钟楼", "zl"}, {"鼓楼", "gl"}, {"水岸", "sa"},
	{"江畔", "jp"}, {"荷塘", "ht"}, {"柳岸", "la"}, {"樱花", "yh"}, {"蓝湾", "lanw"}, {"星光", "xg"}, {"月湖", "yueh"},
	{"青年", "qn"}, {"建设", "js"}, {"胜利", "sl"}, {"人民", "rm"}, {"解放", "jf"}, {"民主", "minz"}, {"友谊", "yy"},
	{"朝晖", "zh"}, {"永安", "ya"}, {"康乐", "kl"}, {"福苑", "fy"}, {"瑞景", "rj"}, {"嘉园", "jy"}, {"御景", "yjing"},
	{"天河", "th"}, {"观澜", "gla"}, {"海棠", "hait"}, {"芳草", "fc"}, {"玉兰", "ylan"}, {"金色", "jse"},
}

var villages = []coded{
	{"张家", "zj"}, {"李庄", "lz"}, {"石桥", "sq"}, {"柳河", "lh"}, {"大王", "dw"}, {"前进", "qj"}, {"红星", "hx"},
	{"新民", "xm"}, {"杨湾", "yw"}, {"陈坊", "cf"}, {"黄泥", "hn"}, {"高岭", "gl"}, {"双塘", "st"}, {"三里", "sl"},
	{"五星", "wx"}, {"马头", "mt"}, {"竹林", "zl"}, {"桃园", "ty"}, {"东岗", "dg"}, {"西岭", "xl"}, {"南塘", "nt"},
	{"北坪", "bp"}, {"龙潭", "lt"}, {"凤岗", "fg"}, {"白石", "bs"}, {"青龙", "ql"}, {"金鸡", "jj"}, {"荷花", "hh"},
	{"梅溪", "mx"}, {"茶山", "cs"},
}

// Sector and front names, in the order the speeches give them.
var sectorNames = []string{"经济发展口", "城市建设口", "城市管理口", "社会事业口", "信访稳定口", "党群工作口"}

var frontNames = []string{"创建办会战线", "房屋征收战线", "重大项目战线", "招商税源战线", "信访稳定战线"}

// frontLetters are the letters the task banks use for fronts, in front order.
const frontLetters = "czxsw"

// Sector indexes.
const (
	secEcon = iota
	secBuild
	secManage
	secSocial
	secStable
	secParty
)

// leaderDef is a district leader; sectors and fronts list [lead, deputy]
// leadership by index into the leader table.
type leaderDef struct {
	title, login string
}

// leaderDefs are the district's leaders. Index 0 is the party secretary,
// 1 the district head; logins other than theirs come from name pinyin.
var leaderDefs = []leaderDef{
	{"区委书记", "shuji"},
	{"区委副书记、区长", "quzhang"},
	{"区委副书记", ""},
	{"区委常委、常务副区长", ""},
	{"区委常委、组织部部长", ""},
	{"区委常委、宣传部部长", ""},
	{"区委常委、政法委书记", ""},
	{"区委常委、纪委书记", ""},
	{"副区长", ""},
	{"副区长", ""},
	{"副区长", ""},
	{"副区长", ""},
	{"副区长、公安分局局长", ""},
}

// sectorLeads and frontLeads give [lead, deputy] leader indexes.
var sectorLeads = [][2]int{{3, 8}, {9, 10}, {10, 5}, {11, 5}, {6, 12}, {2, 4}}

var frontLeads = [][2]int{{5, 10}, {1, 9}, {3, 9}, {1, 8}, {6, 12}}

// handover lists the leaderships that changed hands at the year's 换届:
// the group, the role, and the title of the predecessor.
var handover = []struct {
	front bool
	group int
	role  int // 0 lead, 1 deputy
	title string
}{
	{false, secBuild, 0, "副区长"},
	{true, 3, 1, "副区长"},
}
